/**
 * Read the `httpsproxy` parameter: `http://host:port`, `https://host:port`, optionally with
 * `user:password@`, or `host:port` without a scheme (taken as `http://`, as privacyIDEA's
 * requests library does). Returns a problem sentence for anything else.
 */
export function parseProxyUrl(value: string): URL | { problem: string } {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = URL.parse(withScheme);
  if (!url || url.hostname === "") {
    return { problem: "is not a proxy URL; write http://host:port (or https://, user:password@ allowed)" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return {
      problem: `uses ${url.protocol.slice(0, -1)}://; only http:// and https:// proxies are supported (tunnelled with CONNECT)`,
    };
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    return { problem: "has a path, query or fragment; write only http://host:port" };
  }
  return url;
}

/** A proxy URL without its credentials, for messages. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
