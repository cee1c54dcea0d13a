import type { DeliveryReceipt } from "@smskit/provider";
import type { RecipientPolicy, StatusChange } from "./message-record.js";
import type { MessageStatus } from "./message-status.js";

/** Settings of the message log (`createSmskit({ messageLog })`). */
export interface MessageLogOptions {
  /** Keep a record of every send (default true). */
  enabled?: boolean;
  /** How recipients are kept: `full`, `masked` to the last 4 characters (default) or `none`. */
  recipients?: RecipientPolicy;
  /** How long records are kept, in milliseconds (default 30 days). */
  retentionMs?: number;
  /**
   * How long a record waits in the queue at most before the queue goes to the store in one
   * transaction, in milliseconds (default 25; a queue of 1000 records goes at once). A commit costs
   * the same for 1 record as for 100: longer waits mean fewer commits.
   */
  flushIntervalMs?: number;
  /** How long a receipt whose message is not known yet waits for it, in milliseconds (default 10 minutes). */
  orphanTtlMs?: number;
  /** How many such receipts wait at most, in memory (default 10,000; the oldest goes first). */
  orphanLimit?: number;
}

/** What listeners of the `status` event receive: a message's status changed (or it was created). */
export interface StatusEvent {
  readonly id: string;
  readonly gateway: string | undefined;
  readonly status: MessageStatus;
  /** The status before; undefined for a new message. */
  readonly previous: MessageStatus | undefined;
  readonly change: StatusChange;
}

/** What a finished send gives the log. */
export interface LoggedSend extends DeliveryReceipt {
  readonly gateway: string;
  readonly provider: string;
  readonly to: string;
}
