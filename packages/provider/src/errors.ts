/**
 * A code from smskit's catalogue (`coreErrors`), or a provider's own `SMSKIT_E_…` code. Every
 * error smskit raises carries one and a message a person can act on.
 */
export type ErrorCode = `SMSKIT_E_${string}`;

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
  /**
   * The message log's id of the failed send (look it up with `smskit.status(id)`); filled in by
   * the send pipeline when the log keeps a record of it.
   */
  id: string | undefined;

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
      ...(this.id === undefined ? {} : { id: this.id }),
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
