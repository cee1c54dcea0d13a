import { readCappedBody } from "@smskit/provider-utils";
import { Agent, type Dispatcher, ProxyAgent, request } from "undici";

/** The most of an answer's body that is read; the rest is dropped. */
const bodyLimitBytes = 1024 * 1024;

/** An HTTP answer, its body read as UTF-8 (at most 1 MiB). */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Keep-alive connections one gateway opens at most; further sends wait for a free one. */
export const connectionsPerGateway = 16;

/** One connection pool per gateway instance: direct, or through the PROXY (CONNECT tunnels). */
export function createDispatcher(proxy: string | undefined): Dispatcher {
  return proxy
    ? new ProxyAgent({ uri: proxy, connections: connectionsPerGateway })
    : new Agent({ connections: connectionsPerGateway });
}

/** POST a body and read the answer. Throws undici's errors (see `sipgate-transport-error.ts`). */
export async function post(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const response = await request(url, {
    method: "POST",
    dispatcher,
    headers,
    body: Buffer.from(body, "utf8"),
    signal,
  });
  const { body: bytes } = await readCappedBody(response.body, bodyLimitBytes);
  const contentType = response.headers["content-type"];
  return {
    status: response.statusCode,
    contentType: Array.isArray(contentType) ? (contentType[0] ?? "") : (contentType ?? ""),
    body: bytes.toString("utf8"),
  };
}
