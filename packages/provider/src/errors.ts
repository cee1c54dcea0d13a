/**
 * Every error smskit raises carries a stable code from this catalogue and a message a person
 * can act on. Codes never change meaning; new ones are only added.
 */
export const errorCodes = {
  SMSKIT_E_MANIFEST_SPEC_VERSION: "A provider manifest declares a specVersion this core does not support.",
  SMSKIT_E_MANIFEST_ID: "A provider id is missing or malformed (lower-case letters, digits and dashes).",
  SMSKIT_E_MANIFEST_DUPLICATE: "Two providers with the same id were registered.",
  SMSKIT_E_MANIFEST_SCHEMA: "A provider's `parameters` is not a valid JSON Schema object.",
  SMSKIT_E_MANIFEST_DESCRIPTION: "A parameter in a provider's schema has no description.",
  SMSKIT_E_MANIFEST_INVALID: "A provider manifest lacks a required field or has one of the wrong type.",
  SMSKIT_E_DISCOVERY_IMPORT:
    "A provider package named in package.json could not be found or threw on import.",
  SMSKIT_E_DISCOVERY_EXPORT: "A provider package does not default-export a valid provider manifest.",
  SMSKIT_E_PROVIDER_INCOMPATIBLE:
    "A provider package was made for another version of the provider contract (its @smskit/provider peer range or specVersion); the message says what to upgrade. The other providers still load.",
  SMSKIT_E_PROVIDER_UNKNOWN: "A gateway names a provider that is not installed or registered.",
  SMSKIT_E_GATEWAY_INVALID: "A gateway definition failed validation; nothing was saved.",
  SMSKIT_E_GATEWAY_NOT_FOUND: "No gateway with that name is defined.",
  SMSKIT_E_GATEWAY_CONFLICT: "The gateway was changed by someone else since it was read.",
  SMSKIT_E_STORE: "The gateway store could not be opened, read or written.",
  SMSKIT_E_STORE_VERSION: "The store was written by a newer smskit and cannot be used by this one.",
  SMSKIT_E_SECRET_KEY:
    "The key that encrypts secrets (SMSKIT_SECRET_KEY or the key file) is missing, unreadable or malformed.",
  SMSKIT_E_SECRET_DECRYPT:
    "A stored secret cannot be decrypted: the key is not the one it was encrypted with, or the value was tampered with.",
  SMSKIT_E_SMTP_SERVER_INVALID: "An SMTP server definition failed validation; nothing was saved.",
  SMSKIT_E_SMTP_SERVER_NOT_FOUND: "No SMTP server with that name is defined.",
  SMSKIT_E_SMTP_SERVER_IN_USE: "The SMTP server is used by gateways and cannot be deleted.",
  SMSKIT_E_IMPORT_INVALID:
    "An import was refused as a whole; nothing was written. The message lists every problem.",
  SMSKIT_E_RECIPIENT_INVALID:
    "The recipient is empty (also after the REGEXP rewrite), or for an SMS provider starts with '-'; nothing was sent.",
  SMSKIT_E_SEND_TIMEOUT:
    "The provider did not finish within the deadline; the message may or may not have been sent.",
  SMSKIT_E_SEND_ABORTED: "The caller aborted the send; the message may or may not have been sent.",
  SMSKIT_E_SEND_FAILED: "The provider failed in a way it did not classify.",
  SMSKIT_E_CLOSED: "The smskit instance was closed; no more sends are accepted.",
  SMSKIT_E_USAGE: "A command was called with missing or malformed arguments.",
  SMSKIT_E_ROUTE_INVALID: "A route definition failed validation; nothing was saved.",
  SMSKIT_E_ROUTE_NOT_FOUND: "No route with that name is defined.",
  SMSKIT_E_GATEWAY_IN_USE: "The gateway is used by routes and cannot be deleted.",
  SMSKIT_E_RATE_LIMITED:
    "The gateway's rate limit would have made the send wait past its deadline; nothing was sent.",
  SMSKIT_E_CIRCUIT_OPEN:
    "Every gateway of the send was skipped because its circuit breaker is open; nothing was sent.",
  SMSKIT_E_IDEMPOTENCY_CONFLICT:
    "The idempotency key was used before for another target, recipient or message; nothing was sent.",
  SMSKIT_E_IDEMPOTENCY_PENDING:
    "The first send with this idempotency key has not finished within the deadline; nothing was sent again.",
  SMSKIT_E_RECEIPT_REFUSED:
    "A status callback was not genuine (a wrong signature or secret) or could not be read; nothing changed.",
  SMSKIT_E_RECEIPTS_OFF:
    "The gateway does not take status callbacks (its provider has none, or they are off).",
  SMSKIT_E_MESSAGE_NOT_FOUND: "No message with that id is in the message log (never sent, or pruned).",
  SMSKIT_E_QUEUE_UNAVAILABLE:
    "The durable queue is not available: enqueue and workers need a PostgreSQL store with @smskit/queue-postgres.",
  SMSKIT_E_QUEUE: "The durable queue could not be written; nothing was enqueued, trying again is safe.",
  SMSKIT_E_MESSAGE_EXPIRED: "A queued message passed its TTL before a worker sent it; it was not sent.",
  SMSKIT_E_WORKER_LOST:
    "The worker sending a queued message stopped before recording the outcome; it may have gone out and is not resent.",
  SMSKIT_E_INTERNAL: "Something failed that smskit did not expect; please report it with the message.",
} as const;

/** A code from smskit's catalogue, or a provider's own `SMSKIT_E_…` code. */
export type ErrorCode = keyof typeof errorCodes | `SMSKIT_E_${string}`;

/** One problem with a piece of configuration: the key it concerns and what is wrong. */
export interface ValidationIssue {
  /** The parameter, option or header concerned, e.g. `HTTP_METHOD` or `options.To`. */
  key: string;
  /** What is wrong and how to fix it. */
  message: string;
  /** A stable code for this kind of problem, when the check that found it has one. */
  code?: ErrorCode;
}

/** The base of every smskit error: a stable code and an actionable message. */
export class SmskitError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SmskitError";
    this.code = code;
  }
}

/** A provider manifest or package that cannot be registered. */
export class ManifestError extends SmskitError {
  override name = "ManifestError";
}

/** A configuration (gateway definition, store, arguments) that was refused; nothing changed. */
export class ConfigurationError extends SmskitError {
  override name = "ConfigurationError";
  /** Every problem found, each naming its key. */
  readonly issues: readonly ValidationIssue[];
  /** The gateway concerned, when there is one. */
  readonly gateway: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: { gateway?: string; issues?: readonly ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.gateway = details.gateway;
    this.issues = details.issues ?? [];
  }
}

/** What a failed send tells its caller. */
export interface SmsErrorDetails {
  /** The gateway the send went through. Filled in by the pipeline when a provider leaves it out. */
  gateway?: string;
  /** The provider id. Filled in by the pipeline. */
  provider?: string;
  /** True when sending again cannot deliver the message twice (nothing reached the gateway). */
  retrySafe: boolean;
  /** True when it is not known whether the gateway accepted the message (timeouts, dropped links). */
  deliveryUnknown?: boolean;
  /** Provider-specific facts a program may act on, e.g. `{ status: 503 }` or `{ discardRecipient: true }`. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** One gateway a send considered, and what happened there (routes, retries, circuit breakers). */
export interface SendAttempt {
  readonly gateway: string;
  /** `sent`, `failed` (definitely not delivered), `unknown` (may have been delivered) or `skipped`. */
  readonly outcome: "sent" | "failed" | "unknown" | "skipped";
  /** The error code of a failed or unknown attempt. */
  readonly code?: string;
  /** Why it failed or was skipped, e.g. "circuit open". */
  readonly reason?: string;
  /** How many sends this gateway was given (1 plus its retries). */
  readonly tries?: number;
}

/** A send that failed: which gateway, what happened, and whether a retry is safe. */
export class SmsError extends SmskitError {
  override name = "SmsError";
  gateway: string | undefined;
  provider: string | undefined;
  readonly retrySafe: boolean;
  readonly deliveryUnknown: boolean;
  readonly details: Readonly<Record<string, unknown>>;
  /** Every gateway the send considered, in order; filled in by the send pipeline. */
  attempts: readonly SendAttempt[] = [];

  constructor(code: ErrorCode, message: string, details: SmsErrorDetails) {
    super(code, message, { cause: details.cause });
    this.gateway = details.gateway;
    this.provider = details.provider;
    this.retrySafe = details.retrySafe;
    this.deliveryUnknown = details.deliveryUnknown ?? false;
    this.details = details.details ?? {};
  }

  /** A plain object for logs and APIs; contains nothing the message does not already say. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      gateway: this.gateway,
      provider: this.provider,
      retrySafe: this.retrySafe,
      deliveryUnknown: this.deliveryUnknown,
      details: this.details,
      attempts: this.attempts,
    };
  }
}

/**
 * Whether a value is an error raised by smskit — also one made by another copy of
 * `@smskit/core` (a provider that bundles or resolves its own copy), recognised by its shape.
 */
export function isSmskitError(value: unknown): value is SmskitError {
  if (value instanceof SmskitError) return true;
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SMSKIT_E_");
}

/** Whether a value is a failed send raised by smskit, from this or another copy of `@smskit/core`. */
export function isSmsError(value: unknown): value is SmsError {
  if (value instanceof SmsError) return true;
  return (
    isSmskitError(value) &&
    value.name === "SmsError" &&
    typeof (value as { retrySafe?: unknown }).retrySafe === "boolean"
  );
}
