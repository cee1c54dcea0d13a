import { setTimeout as sleep } from "node:timers/promises";
import type { CircuitBreaker } from "./circuit-breaker.js";
import { coreErrors, isSmsError, type SendAttempt, type SmsError, type SmskitError } from "./errors.js";
import type { GatewayPolicies } from "./gateway-policies.js";
import type { PolicyState } from "./policy-states.js";

/** What one gateway did with a send: the attempt entry, and the result or the error. */
export type GatewayOutcome<Result> =
  | { readonly attempt: SendAttempt; readonly result: Result; readonly error?: undefined }
  | { readonly attempt: SendAttempt; readonly result?: undefined; readonly error: SmskitError };

/** The first retry waits about this long; every further one twice as long. */
const retryBaseMs = 100;
/** No backoff is longer than this. */
const retryMaxMs = 5000;

/**
 * Send through one gateway under its policies: skip it while its circuit is open, wait for a
 * rate-limit token within the deadline (or fail fast with `SMSKIT_E_RATE_LIMITED`), retry a
 * definite failure with exponential backoff and jitter while the deadline allows — never after an
 * unknown outcome — and tell the breaker how it went.
 */
export async function attemptGateway<Result>(
  gateway: string,
  policies: GatewayPolicies,
  state: PolicyState,
  deadlineAt: number,
  signal: AbortSignal | undefined,
  sendOnce: (timeoutMs: number) => Promise<Result>,
): Promise<GatewayOutcome<Result>> {
  const breaker = state.breaker;
  const admission = breaker?.admit() ?? "go";
  if (admission === "skip") {
    return { attempt: { gateway, outcome: "skipped", reason: "circuit open" }, error: circuitOpen(gateway) };
  }
  const probe = admission === "probe";
  const retries = probe ? 0 : (policies.retries ?? 0);
  for (let tries = 1; ; tries++) {
    const waitMs = state.bucket?.reserve(deadlineAt - performance.now());
    if (waitMs === undefined && state.bucket) {
      breaker?.released();
      return failure(gateway, tries - 1, rateLimited(gateway, state.bucket.rate));
    }
    if (waitMs) await pause(gateway, waitMs, signal);
    try {
      const result = await sendOnce(remainingMs(deadlineAt));
      breaker?.succeeded();
      return { attempt: { gateway, outcome: "sent", tries }, result };
    } catch (error) {
      const failed = error as SmskitError;
      const unknown = deliveryUnknown(failed);
      if (unknown || !movesOn(failed)) {
        if (probe || !unknown) recordFailure(breaker, probe);
        return failure(gateway, tries, failed);
      }
      recordFailure(breaker, probe);
      const backoffMs = retryBaseMs * 2 ** (tries - 1) * (0.5 + Math.random() * 0.5);
      const circuitOpened = breaker?.snapshot().state === "open";
      if (
        tries > retries ||
        circuitOpened ||
        performance.now() + Math.min(backoffMs, retryMaxMs) >= deadlineAt
      ) {
        return failure(gateway, tries, failed);
      }
      await pause(gateway, Math.min(backoffMs, retryMaxMs), signal);
    }
  }
}

/**
 * Whether the message was definitely not delivered, so another attempt (a retry, the next gateway)
 * cannot make it arrive twice: a failure whose delivery is not unknown — nothing reached the
 * gateway (`retrySafe`), or the gateway answered and refused it (a 5xx, RETURN_FAIL).
 */
export function movesOn(error: SmskitError): boolean {
  if (isSmsError(error)) return !error.deliveryUnknown;
  // A configuration problem (an unusable definition) is found before anything is sent.
  return error.name === "ConfigurationError";
}

/** The outcome of one plain send through a gateway without policies. */
export function attemptOnce<Result>(
  gateway: string,
  sending: Promise<Result>,
): Promise<GatewayOutcome<Result>> {
  return sending.then(
    (result) => ({ attempt: { gateway, outcome: "sent", tries: 1 }, result }),
    (error: unknown) => failure<Result>(gateway, 1, error as SmskitError),
  );
}

/** The milliseconds left until `deadlineAt` (a `performance.now()` time), at least 1. */
export function remainingMs(deadlineAt: number): number {
  return Math.max(1, Math.round(deadlineAt - performance.now()));
}

/** Whether the message may have gone out. */
export function deliveryUnknown(error: SmskitError): boolean {
  return isSmsError(error) && error.deliveryUnknown;
}

/** Wait (for a token, before a retry); an abort meanwhile means nothing was sent. */
async function pause(gateway: string, milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(milliseconds, undefined, signal ? { signal } : {});
  } catch (error) {
    throw coreErrors.SMSKIT_E_SEND_CANCELLED.create({ gateway }, { gateway, cause: error });
  }
}

function recordFailure(breaker: CircuitBreaker | undefined, probe: boolean): void {
  breaker?.failed(probe);
}

function failure<Result>(gateway: string, tries: number, error: SmskitError): GatewayOutcome<Result> {
  return { attempt: failedAttempt(gateway, tries, error), error };
}

/** The attempt entry of a failed (or unknown) send through a gateway. */
export function failedAttempt(gateway: string, tries: number, error: SmskitError): SendAttempt {
  return {
    gateway,
    outcome: deliveryUnknown(error) ? "unknown" : "failed",
    code: error.code,
    reason: error.message,
    ...(tries > 1 ? { tries } : {}),
  };
}

function rateLimited(gateway: string, rate: number): SmsError {
  return coreErrors.SMSKIT_E_RATE_LIMITED.create({ gateway, rate }, { gateway });
}

function circuitOpen(gateway: string): SmsError {
  return coreErrors.SMSKIT_E_CIRCUIT_OPEN.create(
    {
      target: `gateway '${gateway}'`,
      skipped: "is skipped: its circuit breaker is open after repeated failures",
    },
    { gateway },
  );
}
