import { coreErrors, isSmsError, isSmskitError, SmsError, type SmskitError } from "./errors.js";
import { createReplacer, MESSAGE_PLACEHOLDER, shortExcerpt } from "./redaction.js";
import { deadlinePassed } from "./send-deadline.js";

/** Whom an error is about, and how to censor what it says. */
export interface ErrorSubject {
  readonly gateway: string;
  readonly provider: string;
  readonly redact: (text: string) => string;
}

/** A message whose text (and title) must not show in an error. */
export interface HiddenMessage {
  readonly text: string;
  readonly title?: string | undefined;
}

/** The fields of an SmsError made by another copy of @smskit/core. */
type ForeignSmsError = Pick<
  SmsError,
  "code" | "message" | "gateway" | "provider" | "retrySafe" | "deliveryUnknown" | "details" | "cause"
>;

function adoptSmsError(foreign: ForeignSmsError): SmsError {
  return new SmsError(foreign.code, foreign.message, {
    gateway: foreign.gateway,
    provider: foreign.provider,
    retrySafe: foreign.retrySafe,
    deliveryUnknown: foreign.deliveryUnknown,
    details: { ...foreign.details },
    cause: foreign.cause,
  });
}

/**
 * Censor secrets in an error's message, its details and the messages of its chain of causes; the
 * error's own message keeps only a short excerpt of whatever the gateway answered.
 */
function redactError(error: Error, redact: (text: string) => string): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    try {
      current.message = redact(current.message);
      if (depth === 0) current.message = shortExcerpt(current.message);
      if (typeof current.stack === "string") current.stack = redact(current.stack);
    } catch {
      // Some errors (DOMException) have a read-only message; they come from the platform, not from a gateway.
    }
    const details = (current as { details?: unknown }).details;
    if (details !== null && typeof details === "object" && !Object.isFrozen(details)) {
      for (const [key, value] of Object.entries(details)) {
        if (typeof value === "string") (details as Record<string, unknown>)[key] = redact(value);
      }
    }
    current = current.cause;
  }
}

/** Replace the message text (and title) wherever a gateway echoed it into the error. */
export function hideMessage(error: Error, message: HiddenMessage): void {
  const values = [message.text, message.title ?? ""].filter((value) => value.trim() !== "");
  if (values.length === 0) return;
  try {
    redactError(error, createReplacer(values, MESSAGE_PLACEHOLDER));
  } catch {
    // Never let hiding the text replace the error itself.
  }
}

/** Turn whatever a provider threw into an error that names the gateway and carries no secret. */
export function classify(
  error: unknown,
  subject: ErrorSubject,
  combined: AbortSignal | undefined,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  beforeSend = false,
): SmskitError {
  const { gateway, provider } = subject;
  if (isSmsError(error)) {
    // One made by another copy of @smskit/core becomes one of ours, so `instanceof` holds for callers.
    const own = error instanceof SmsError ? error : adoptSmsError(error as unknown as ForeignSmsError);
    own.gateway ??= gateway;
    own.provider ??= provider;
    redactError(own, subject.redact);
    return own;
  }
  if (isSmskitError(error)) {
    redactError(error, subject.redact);
    return error;
  }
  if (combined?.aborted || error === deadlinePassed) {
    if (callerSignal?.aborted) {
      return coreErrors.SMSKIT_E_SEND_ABORTED.create(
        {
          gateway,
          failure: "the send was aborted by the caller; it is not known whether the message was sent",
        },
        { gateway, provider },
      );
    }
    return coreErrors.SMSKIT_E_SEND_TIMEOUT.create(
      {
        gateway,
        failure: `provider '${provider}' did not finish within ${timeoutMs} ms; it is not known whether the message was sent`,
      },
      { gateway, provider },
    );
  }
  const reason = subject.redact(error instanceof Error ? error.message : String(error));
  if (beforeSend) {
    return coreErrors.SMSKIT_E_SEND_SETUP_FAILED.create({ gateway, provider, reason }, { gateway, provider });
  }
  return coreErrors.SMSKIT_E_SEND_FAILED.create(
    { gateway, failure: `provider '${provider}' failed: ${reason}` },
    { gateway, provider },
  );
}
