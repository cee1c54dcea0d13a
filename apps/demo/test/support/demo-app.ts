import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildServer, type DemoServerOptions, startServer } from "../../src/server.js";

/** The admin token the tests start the app with (unless they test the generated one). */
export const testToken = "test-admin-token-0123456789";

/** A running demo app on 127.0.0.1 with a temporary store. */
export interface RunningDemo {
  readonly app: FastifyInstance;
  /** e.g. `http://127.0.0.1:41234/` */
  readonly url: string;
  /** The temporary directory holding the store. */
  readonly directory: string;
  readonly storePath: string;
  /** Call the app: JSON in, status, headers and parsed JSON (or text) out. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Close the app (graceful) and remove the temporary directory. */
  close(): Promise<void>;
}

/** Options of one request. */
export interface RequestOptions {
  /** A JSON body. */
  body?: unknown;
  /** The bearer token; default `testToken`; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** What came back. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read into the JSON answers freely.
  json: any;
}

/**
 * Start the app the way `main.ts` does (listen on 127.0.0.1 port 0, aim the sandbox gateway),
 * with a store in a new temporary directory.
 */
export async function startDemo(options: Partial<DemoServerOptions> = {}): Promise<RunningDemo> {
  const directory = await mkdtemp(join(tmpdir(), "smskit-demo-"));
  const storePath = options.storePath ?? join(directory, "data", "smskit.db");
  let app: FastifyInstance;
  try {
    app = await buildServer({
      adminToken: testToken,
      environment: {},
      ...options,
      storePath,
    });
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const url = await startServer(app, { host: "127.0.0.1", port: 0 });
  let closed = false;
  return {
    app,
    url,
    directory,
    storePath,
    request: (method, path, requestOptions = {}) => call(url, method, path, requestOptions),
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** One HTTP request to a running app. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? testToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
