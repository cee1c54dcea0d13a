import type { TemplateValue } from "@smskit/provider";

/** The part of a request that carries the data: the path with its query, and the body. */
export interface EncodedRequest {
  /** The path and query to request, e.g. `/send?to=49170…&text=…`. */
  readonly path: string;
  /** The request body, for POST. */
  readonly body: string | undefined;
  /** The body's content type, for POST. */
  readonly contentType: string | undefined;
}

/** How the data goes to the gateway. */
export type DataEncoding = "query" | "form" | "json";

/** The content type of a form body. */
export const formContentType = "application/x-www-form-urlencoded";

/** The content type of a JSON body. */
export const jsonContentType = "application/json";

/**
 * Encode the fields (fixed PARAMETER values and rendered options) the way the gateway wants
 * them: GET as query parameters after those already in the URL, POST as a form or a JSON
 * object. Every character arrives exactly as written: quotes, `&`, `=`, `+`, `#`, newlines,
 * non-Latin scripts and emoji are percent-encoded (query, form) or JSON-escaped (JSON).
 * A value that is a JSON structure stays one in a JSON body and becomes JSON text in a query
 * or a form.
 */
export function encodeRequest(
  basePath: string,
  encoding: DataEncoding,
  fields: Readonly<Record<string, TemplateValue>>,
): EncodedRequest {
  switch (encoding) {
    case "query": {
      const query = formEncode(fields);
      return { path: appendQuery(basePath, query), body: undefined, contentType: undefined };
    }
    case "form":
      return { path: basePath, body: formEncode(fields), contentType: formContentType };
    case "json":
      return { path: basePath, body: JSON.stringify(fields), contentType: jsonContentType };
  }
}

/** `key=value&…`, every key and value percent-encoded as UTF-8. */
export function formEncode(fields: Readonly<Record<string, TemplateValue>>): string {
  let encoded = "";
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    if (encoded !== "") encoded += "&";
    encoded += `${encodeComponent(key)}=${encodeComponent(valueText(value))}`;
  }
  return encoded;
}

/** A field as text: strings as they are, anything else (a number, a list, an object) as JSON. */
export function valueText(value: TemplateValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function encodeComponent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be written as UTF-8; it becomes U+FFFD (the replacement character).
    return encodeURIComponent(text.replace(loneSurrogate, "\uFFFD"));
  }
}

function appendQuery(basePath: string, query: string): string {
  if (query === "") return basePath;
  if (!basePath.includes("?")) return `${basePath}?${query}`;
  if (basePath.endsWith("?") || basePath.endsWith("&")) return `${basePath}${query}`;
  return `${basePath}&${query}`;
}
