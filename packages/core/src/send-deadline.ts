import { coreErrors } from "./errors.js";

/** The deadline of one send or check. */
export interface SendDeadline {
  /** Aborted when time is up or the caller aborts; handed to the provider. */
  readonly signal: AbortSignal;
  /** Rejects (with `deadlinePassed`) at the same moment, so the caller is answered even if a provider ignores the signal. */
  readonly expired: Promise<never>;
  /** Release the timer and the listener on the caller's signal. Call it when the work settled. */
  dispose(): void;
}

/** The longest deadline a timer can hold: 2^31−1 ms (about 24.8 days); a longer one would fire at once. */
export const maximumTimeoutMs = 2_147_483_647;

/**
 * Refuse a deadline no timer can hold: not a number, not above 0, or above `maximumTimeoutMs`.
 * Throws a `ConfigurationError` (`SMSKIT_E_USAGE`) naming `label`.
 */
export function assertTimeout(timeoutMs: number, label: string): void {
  if (typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= maximumTimeoutMs) return;
  throw coreErrors.SMSKIT_E_USAGE.create({
    problem: `${label} must be a number of milliseconds above 0 and at most ${maximumTimeoutMs} (about 24.8 days), got ${JSON.stringify(timeoutMs)}`,
  });
}

/** What `expired` rejects with. */
export const deadlinePassed = Symbol("deadline passed");

/**
 * Start a deadline: one controller, one timer and one promise per call, all released by
 * `dispose()`. (`AbortSignal.timeout` + `AbortSignal.any` would keep a timer and weak references
 * alive for the whole timeout after every send.)
 */
export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): SendDeadline {
  const controller = new AbortController();
  let expire: (reason: symbol) => void = () => {};
  const expired = new Promise<never>((_resolve, reject) => {
    expire = reject;
  });
  expired.catch(() => {});
  // Clamped, as a last guard: a timer above the maximum would fire after 1 ms.
  const timer = setTimeout(
    () => {
      // Named like the platform's timeout reason, so providers can tell a deadline from a caller's abort.
      const reason = new Error(`the deadline of ${timeoutMs} ms passed`);
      reason.name = "TimeoutError";
      controller.abort(reason);
      expire(deadlinePassed);
    },
    Math.min(timeoutMs, maximumTimeoutMs),
  );
  const onCallerAbort = () => {
    controller.abort(callerSignal?.reason);
    expire(deadlinePassed);
  };
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    expired,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
