import type { DeliveryReceipt } from "@smskit/provider";
import type { SendAttempt, SmskitError } from "./errors.js";

/** The message to send: a text, or for push a body with a title and data. */
export interface MessageInput {
  /** The message text (`{otp}`); the body of a push notification. */
  text: string;
  /** A push notification's title. */
  title?: string;
  /** A push message's data (string values). */
  data?: Record<string, string>;
}

/** Per-send options. */
export interface SendOptions {
  /** Abort the send (the result is then `SMSKIT_E_SEND_ABORTED`). */
  signal?: AbortSignal;
  /** The deadline for this send in milliseconds (default: the instance's `sendTimeoutMs`; at most 2^31−1, about 24.8 days). */
  timeoutMs?: number;
  /**
   * Send at most once per key: a repeat within the window gets the first outcome without sending
   * (also in another process sharing the store); the same key with another request is refused.
   */
  idempotencyKey?: string;
}

/** What a successful send returns. */
export interface SendResult extends DeliveryReceipt {
  /** smskit's id of the message (a ULID): what `status(id)` and the message log know it by. */
  readonly id: string;
  readonly gateway: string;
  readonly provider: string;
  /** The recipient after the REGEXP rewrite. */
  readonly to: string;
  readonly durationMs: number;
  /** Every gateway the send considered, in order (one entry for a gateway target). */
  readonly attempts: readonly SendAttempt[];
  /** The route sent through, when the target was a route. */
  readonly route?: string;
  /** True when this is the stored outcome of an earlier send with the same idempotency key. */
  readonly replayed?: true;
}

/** What listeners of the `send` event receive, once per finished send. */
export interface SendEvent {
  readonly gateway: string;
  readonly provider: string;
  readonly outcome: "success" | "failure";
  readonly durationMs: number;
  readonly result?: SendResult;
  readonly error?: SmskitError;
}

/** What `handleReceipt` did with a status callback. */
export interface ReceiptOutcome {
  /** How many reports the callback held. */
  readonly reports: number;
  /** The ids of the messages they matched (a report for a message not known yet is kept and matched later). */
  readonly messages: readonly string[];
}
