import type { Redact } from "@smskit/provider";

/** A response body read up to a limit. */
export interface CappedBody {
  /** The bytes read: all of the body, or its first `maximumBytes`. */
  readonly body: Buffer;
  /** True when the body was longer and the rest was dropped (the stream is destroyed). */
  readonly truncated: boolean;
}

/** A response body as undici's `request`, `fetch`'s `Response.body` or a Node stream gives it. */
export type BodyStream = AsyncIterable<Uint8Array | string> & { destroy?(error?: Error): unknown };

/**
 * Read a response body, keeping at most `maximumBytes` (default 1 MiB): a gateway that answers
 * with an endless body cannot exhaust the process. A longer body is cut and its stream destroyed.
 */
export async function readCappedBody(stream: BodyStream, maximumBytes = 1024 * 1024): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    if (size + buffer.length > maximumBytes) {
      chunks.push(buffer.subarray(0, maximumBytes - size));
      size = maximumBytes;
      stream.destroy?.();
      return { body: Buffer.concat(chunks, size), truncated: true };
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { body: Buffer.concat(chunks, size), truncated: false };
}

/** How many bytes of a body an error message quotes by default. */
export const excerptBytes = 200;

/**
 * `: "<the first bytes of the body>" …` with the gateway's secrets censored (the whole body is
 * censored first, so a secret cut at the excerpt's end cannot leak half of itself), or
 * ` (empty body)`. For error messages about an answer the gateway gave.
 */
export function bodyExcerpt(body: Buffer | string, redact: Redact, maximumBytes = excerptBytes): string {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (text.length === 0) return " (empty body)";
  const censored = Buffer.from(redact(text), "utf8");
  const excerpt = censored
    .subarray(0, maximumBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `: ${JSON.stringify(excerpt)}${censored.length > maximumBytes ? " …" : ""}`;
}
