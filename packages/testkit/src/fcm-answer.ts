import type { ServerResponse } from "node:http";
import type { FcmReply } from "./fcm-types.js";

/** Send a reply (or hang, or reset) on a response. */
export async function answer(response: ServerResponse, reply: FcmReply): Promise<void> {
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  if (reply.hang) return;
  if (reply.reset) {
    response.socket?.destroy();
    return;
  }
  const isText = typeof reply.body === "string";
  const body = reply.body === undefined ? "" : isText ? String(reply.body) : JSON.stringify(reply.body);
  response.writeHead(reply.status ?? 200, {
    "content-type": isText ? "text/plain; charset=utf-8" : "application/json; charset=UTF-8",
    ...reply.headers,
  });
  response.end(body);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
