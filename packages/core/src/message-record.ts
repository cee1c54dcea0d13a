import type { ReceiptReport } from "@smskit/provider";
import type { MessageStatus } from "./message-status.js";

/** What produced a status change: the send's own outcome, or a receipt from the gateway. */
export type StatusSource = "send" | "receipt";

/** One entry of a message's history as the log keeps it. */
export interface StatusEntry {
  readonly status: MessageStatus;
  /** When the change was recorded (for receipts: when the gateway says it happened, if it says), ms since the epoch. */
  readonly at: number;
  readonly source: StatusSource;
  /** The gateway's id of the part the receipt is about. */
  readonly part?: string;
  /** The gateway's error code. */
  readonly errorCode?: string;
  /** The receipt as received, recipient masked, message text removed. */
  readonly raw?: string;
  /** True when the entry was recorded but did not change the status (a repeat, backwards, or after a final status). */
  readonly ignored?: true;
}

/** One entry of a message's history as applications see it: the time as an ISO string. */
export interface StatusChange extends Omit<StatusEntry, "at"> {
  readonly at: string;
}

/** One message of the log. The message text is never part of it. */
export interface MessageRecord {
  /** smskit's id, a ULID: the `id` of the send result. */
  readonly id: string;
  /** What the send named: a gateway or a route. */
  readonly target: string;
  /** The gateway that accepted the message, or the last one tried. */
  gateway: string | undefined;
  provider: string | undefined;
  /** The recipient in full, masked to its last 4 characters, or absent (the log's `recipients` setting). */
  to: string | undefined;
  status: MessageStatus;
  /** The gateway's message ids, one per part. */
  messageIds: string[];
  /** Each part's status, keyed by its id (only for messages of more than one part). */
  partStatuses: Record<string, MessageStatus> | undefined;
  parts: number | undefined;
  /** How the text was encoded (`GSM7`, `UCS2`…), when the provider says. */
  encoding: string | undefined;
  /** The error code of a failed send or of the receipt that made it undelivered. */
  errorCode: string | undefined;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  updatedAt: number;
  readonly history: StatusEntry[];
}

/** How the log keeps recipients: in full, masked to the last 4 characters (default), or not at all. */
export type RecipientPolicy = "full" | "masked" | "none";

/** A recipient as the log keeps it. */
export function keepRecipient(to: string, policy: RecipientPolicy): string | undefined {
  if (policy === "full") return to;
  if (policy === "none") return undefined;
  return maskRecipient(to);
}

/**
 * A receipt as the log keeps it: the recipient it names (`report.recipient`) put into the raw
 * receipt as `from <recipient>: …` in full, masked or not at all, as the log's setting says — also
 * wherever a provider left it inside the raw text — and not kept anywhere else.
 */
export function keepReceiptRecipient(report: ReceiptReport, policy: RecipientPolicy): ReceiptReport {
  const { recipient, ...rest } = report;
  if (recipient === undefined) return report;
  if (rest.raw === undefined || recipient === "") return rest;
  const kept = keepRecipient(recipient, policy);
  const raw = rest.raw.split(recipient).join(kept ?? "");
  return { ...rest, raw: kept === undefined ? raw : `from ${kept}: ${raw}` };
}

/** All but the last 4 characters replaced by `*`. */
function maskRecipient(to: string): string {
  return to.length <= 4 ? "*".repeat(to.length) : "*".repeat(to.length - 4) + to.slice(-4);
}

/** A filter for `messages()`. */
export interface MessageQuery {
  readonly status?: MessageStatus | undefined;
  readonly gateway?: string | undefined;
  /** Only messages created at or after this time (milliseconds since the epoch). */
  readonly since?: number | undefined;
  /** At most this many, newest first (default 100). */
  readonly limit?: number | undefined;
}

/** A record as applications see it: times as ISO strings. */
export interface MessageView {
  readonly id: string;
  readonly target: string;
  readonly gateway: string | undefined;
  readonly provider: string | undefined;
  readonly to: string | undefined;
  readonly status: MessageStatus;
  readonly messageIds: readonly string[];
  readonly parts: number | undefined;
  readonly encoding: string | undefined;
  readonly errorCode: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly history: readonly StatusChange[];
}

/** The view of a record: a copy, times as ISO strings. */
export function viewOf(record: MessageRecord): MessageView {
  return {
    id: record.id,
    target: record.target,
    gateway: record.gateway,
    provider: record.provider,
    to: record.to,
    status: record.status,
    messageIds: [...record.messageIds],
    parts: record.parts,
    encoding: record.encoding,
    errorCode: record.errorCode,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    history: record.history.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
  };
}
