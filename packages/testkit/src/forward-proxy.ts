import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { type AddressInfo, connect, isIPv4, isIPv6, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { destroySocket } from "./sockets.js";

/** One request the proxy received, whether it was forwarded, tunnelled or refused. */
export interface ProxiedRequest {
  /** The request method; `CONNECT` for a tunnel. */
  method: string;
  /** The absolute URL (`http://127.0.0.1:1234/x`) or, for CONNECT, `host:port` (`127.0.0.1:443`). */
  target: string;
}

/** A running forward proxy on loopback. */
export interface FakeForwardProxy {
  /** The proxy's URL, e.g. `http://127.0.0.1:34567` (without credentials). */
  readonly url: string;
  /** Every request received so far, in order of arrival. */
  readonly requests: ProxiedRequest[];
  /** Stop listening and destroy every connection and tunnel. */
  close(): Promise<void>;
}

/** Options of `startForwardProxy`. */
export interface ForwardProxyOptions {
  /** Demand these Basic credentials in `Proxy-Authorization`; answer 407 otherwise. */
  requireAuth?: { username: string; password: string };
}

/**
 * Start a real HTTP forward proxy on a free loopback port. It forwards absolute-form
 * requests (`GET http://127.0.0.1:1234/x`) and tunnels `CONNECT host:port`, but only to
 * loopback targets (127.0.0.0/8, ::1, localhost); any other target is refused with 403.
 * Every request is recorded. Close it at the end of the test.
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<FakeForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: false });
  const expectedAuthorization = options.requireAuth
    ? `Basic ${Buffer.from(`${options.requireAuth.username}:${options.requireAuth.password}`).toString("base64")}`
    : undefined;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const authorized = (request: IncomingMessage): boolean =>
    expectedAuthorization === undefined || request.headers["proxy-authorization"] === expectedAuthorization;

  const server = createServer((request, response) => {
    const target = request.url ?? "";
    requests.push({ method: request.method ?? "GET", target });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      answer(response, 400, "a forward proxy needs an absolute-form request target (http://host:port/path)");
      return;
    }
    if (url.protocol !== "http:") {
      answer(response, 400, `the proxy forwards only http: URLs, not ${url.protocol}; use CONNECT for https`);
      return;
    }
    if (!authorized(request)) {
      answer(response, 407, "proxy authentication required", {
        "proxy-authenticate": 'Basic realm="testkit"',
      });
      return;
    }
    if (!isLoopback(url.hostname)) {
      answer(response, 403, `the test proxy refuses the non-loopback target ${url.host}`);
      return;
    }
    forward(request, response, url, agent);
  });
  server.on("connection", track);
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("connect", (request: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = request.url ?? "";
    requests.push({ method: "CONNECT", target });
    const { hostname, port } = splitAuthority(target);
    if (!authorized(request)) {
      refuseTunnel(
        client,
        407,
        "Proxy Authentication Required",
        'Proxy-Authenticate: Basic realm="testkit"\r\n',
      );
    } else if (hostname === undefined || port === undefined) {
      refuseTunnel(client, 400, "Bad Request");
    } else if (!isLoopback(hostname)) {
      refuseTunnel(client, 403, "Forbidden");
    } else {
      const upstream = connect({ host: hostname, port }, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      track(upstream);
      upstream.on("error", () => {
        if (upstream.connecting) refuseTunnel(client, 502, "Bad Gateway");
        else client.destroy();
      });
      client.on("error", () => upstream.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    requests,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        agent.destroy();
        await Promise.all([...sockets].map(destroySocket));
        await stopped;
      })();
      return closed;
    },
  };
}

/** Send an absolute-form request on to its target and stream the answer back. */
function forward(request: IncomingMessage, response: ServerResponse, url: URL, agent: Agent): void {
  const headers = { ...request.headers };
  delete headers["proxy-authorization"];
  delete headers["proxy-connection"];
  const upstream = httpRequest(
    url,
    { method: request.method, headers, agent },
    (upstreamResponse: IncomingMessage) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
      upstreamResponse.on("error", () => response.destroy());
    },
  );
  upstream.on("error", (error: Error) => {
    if (response.headersSent) response.destroy();
    else answer(response, 502, `the test proxy could not reach ${url.host}: ${error.message}`);
  });
  request.on("error", () => upstream.destroy());
  response.on("close", () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}

/** Answer a plain request with a status and a text body. */
function answer(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    connection: "close",
    ...headers,
  });
  response.end(message);
}

/** Refuse a CONNECT with a status line and close the client connection. */
function refuseTunnel(client: Duplex, status: number, reason: string, extraHeaders = ""): void {
  client.end(`HTTP/1.1 ${status} ${reason}\r\n${extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n`);
}

/** Split `host:port` or `[v6]:port`. */
function splitAuthority(authority: string): { hostname: string | undefined; port: number | undefined } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(authority);
  if (!match) return { hostname: undefined, port: undefined };
  const port = Number(match[3]);
  return { hostname: match[1] ?? match[2], port: port > 0 && port < 65536 ? port : undefined };
}

/** Whether a host name or address is the local machine (127.0.0.0/8, ::1, localhost). */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost") return true;
  if (isIPv4(host)) return host.startsWith("127.");
  if (isIPv6(host)) return host === "::1" || host === "0:0:0:0:0:0:0:1";
  return false;
}
