import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { testCertificate } from "./certificates.js";
import { destroySocket } from "./sockets.js";

/** One request the fake HTTP(S) server received, fully read. */
export interface RecordedRequest {
  /** The request method, e.g. `POST`. */
  method: string;
  /** The path without the query string, e.g. `/sms/send`. */
  path: string;
  /** Path and query exactly as received, e.g. `/sms/send?to=%2B49`. */
  url: string;
  /** Decoded query parameters; a repeated key becomes a list. */
  query: Record<string, string | string[]>;
  /** The request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** The raw body. */
  body: Buffer;
  /** The body decoded as UTF-8. */
  text: string;
  /** The parsed body when the content type is JSON (and it parses), else undefined. */
  json: unknown;
  /** The parsed body when the content type is application/x-www-form-urlencoded, else undefined. */
  form: Record<string, string | string[]> | undefined;
  /** The client's port: requests with the same value came over the same connection. */
  remotePort: number;
}

/** How the fake server answers a request. */
export interface HttpReply {
  /** The status code (default 200). */
  status?: number;
  /** Response headers; a content type is added for string and object bodies when missing. */
  headers?: Record<string, string>;
  /** The body; an object (not a Buffer) is sent as JSON. */
  body?: string | Buffer | object;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
  /** Never answer; the request stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
}

/** A fixed reply, or a function computing the reply from the recorded request. */
export type HttpResponder = HttpReply | ((request: RecordedRequest) => HttpReply | Promise<HttpReply>);

/** A running recording HTTP(S) server on loopback. */
export interface FakeHttpServer {
  /** The base URL, e.g. `http://127.0.0.1:34567` (`https://…` with TLS, `http://[::1]:…` on IPv6). */
  readonly url: string;
  /** The port the server listens on. */
  readonly port: number;
  /** Every request received so far, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** How many TCP connections the server has accepted since it started. */
  readonly connectionsOpened: number;
  /** How many TCP connections are open right now. */
  readonly openConnections: number;
  /** Change the answer for requests that arrive from now on. */
  respond(responder: HttpResponder): void;
  /** Resolve with the recorded requests once at least `count` have arrived; reject after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stop listening and destroy every open connection (hanging requests included). */
  close(): Promise<void>;
}

/** Options of `startHttpServer`. */
export interface HttpServerOptions {
  /** Serve HTTPS with the self-signed `testCertificate()` (default false). */
  tls?: boolean;
  /** How to answer (default: status 200 with body `OK`). */
  responder?: HttpResponder;
  /** The loopback address to listen on (default `127.0.0.1`; `::1` for IPv6). */
  host?: string;
}

/**
 * Start a recording HTTP(S) server on a free loopback port. It records every request
 * (method, path, query, headers, body, parsed JSON and form) and answers as told by its
 * responder: a status, headers and body, late (`delayMs`), never (`hang`) or by dropping
 * the connection (`reset`). Close it at the end of the test.
 */
export async function startHttpServer(options: HttpServerOptions = {}): Promise<FakeHttpServer> {
  const host = options.host ?? "127.0.0.1";
  let responder: HttpResponder = options.responder ?? { body: "OK" };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let connectionsOpened = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const recorded = await recordRequest(request);
    requests.push(recorded);
    for (const wake of [...waiters]) wake();
    let reply: HttpReply;
    try {
      reply = typeof responder === "function" ? await responder(recorded) : responder;
    } catch (error) {
      reply = { status: 500, body: `the test's responder threw: ${String(error)}` };
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, reply.delayMs);
        timers.add(timer);
      });
    }
    if (reply.hang) return;
    if (reply.reset) {
      request.socket.destroy();
      return;
    }
    writeReply(response, reply);
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => request.socket.destroy());
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...testCertificate() }, listener)
    : createHttpServer(listener);
  server.on("connection", (socket: Socket) => {
    connectionsOpened++;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("tlsClientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    port,
    requests,
    get connectionsOpened() {
      return connectionsOpened;
    },
    get openConnections() {
      return sockets.size;
    },
    respond(next) {
      responder = next;
    },
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (requests.length < count) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve([...requests]);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `the fake HTTP server at ${url} received ${requests.length} request(s) within ${timeoutMs} ms; expected ${count}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close() {
      closed ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...sockets].map(destroySocket));
        await stopped;
      })();
      return closed;
    },
  };
}

/** Read a request's body and decode what can be decoded. */
async function recordRequest(request: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const text = body.toString("utf8");
  const url = request.url ?? "/";
  const parsed = new URL(url, "http://fake.invalid");
  const contentType = String(request.headers["content-type"] ?? "").toLowerCase();
  return {
    method: request.method ?? "GET",
    path: parsed.pathname,
    url,
    query: collect(parsed.searchParams),
    headers: request.headers,
    body,
    text,
    json: /[/+]json\b/.test(contentType) ? parseJson(text) : undefined,
    form: contentType.startsWith("application/x-www-form-urlencoded")
      ? collect(new URLSearchParams(text))
      : undefined,
    remotePort: request.socket.remotePort ?? 0,
  };
}

/** Send a reply: objects as JSON, a content type and length when the reply sets none. */
function writeReply(response: ServerResponse, reply: HttpReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  const has = (name: string): boolean => Object.keys(headers).some((key) => key.toLowerCase() === name);
  let body: Buffer;
  if (reply.body === undefined) {
    body = Buffer.alloc(0);
  } else if (Buffer.isBuffer(reply.body)) {
    body = reply.body;
    if (!has("content-type")) headers["content-type"] = "application/octet-stream";
  } else if (typeof reply.body === "string") {
    body = Buffer.from(reply.body, "utf8");
    if (!has("content-type")) headers["content-type"] = "text/plain; charset=utf-8";
  } else {
    body = Buffer.from(JSON.stringify(reply.body), "utf8");
    if (!has("content-type")) headers["content-type"] = "application/json";
  }
  if (!has("content-length") && !has("transfer-encoding")) headers["content-length"] = String(body.length);
  response.writeHead(reply.status ?? 200, headers);
  response.end(body);
}

/** Query or form parameters as a record; a repeated key becomes a list. */
function collect(parameters: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of parameters) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
