import type { ReceiptStatus } from "@smskit/provider";

/** Where a message stands; see docs/receipts.md. */
export type MessageStatus =
  | "queued"
  | "sending"
  | "submitted"
  | "enroute"
  | "delivered"
  | "undelivered"
  | "expired"
  | "rejected"
  | "failed"
  | "unknown";

/** Every status, in the order they are documented. */
export const messageStatuses: readonly MessageStatus[] = [
  "submitted",
  "enroute",
  "delivered",
  "undelivered",
  "expired",
  "rejected",
  "failed",
  "unknown",
  "queued",
  "sending",
];

const finalStatuses = new Set<MessageStatus>(["delivered", "undelivered", "expired", "rejected", "failed"]);

/** Whether a status never changes again. */
export function isFinalStatus(status: MessageStatus): boolean {
  return finalStatuses.has(status);
}

/** How far along a status is: a report may only move a message to a higher rank. */
function rank(status: MessageStatus): number {
  if (status === "queued") return -2;
  if (status === "sending") return -1;
  if (status === "unknown") return 0;
  if (status === "submitted") return 1;
  if (status === "enroute") return 2;
  return 3;
}

/**
 * The status after a receipt: the new one when it moves the message forward, else undefined
 * (the receipt repeats one, would move it backwards, reaches a final status, or says `unknown`).
 */
export function advance(current: MessageStatus, reported: ReceiptStatus): MessageStatus | undefined {
  if (reported === "unknown" || isFinalStatus(current)) return undefined;
  return rank(reported) > rank(current) ? reported : undefined;
}

/**
 * The status of a message split into parts, from its parts' statuses: a failed part decides it,
 * it is `delivered` once every part is, `enroute` while some part is under way.
 */
export function combineParts(parts: readonly MessageStatus[]): MessageStatus {
  const failure = parts.find((status) => isFinalStatus(status) && status !== "delivered");
  if (failure) return failure;
  if (parts.every((status) => status === "delivered")) return "delivered";
  if (parts.some((status) => status === "delivered" || status === "enroute")) return "enroute";
  return parts.includes("submitted") ? "submitted" : "unknown";
}

/** Whether a text is one of the statuses. */
export function isMessageStatus(text: string): text is MessageStatus {
  return (messageStatuses as readonly string[]).includes(text);
}
