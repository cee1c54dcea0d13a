/** The deadline of one send or check: an AbortSignal that fires when time is up or the caller aborts. */
export interface SendDeadline {
  readonly signal: AbortSignal;
  /** Release the timer and the listener on the caller's signal. Call it when the work settled. */
  dispose(): void;
}

/**
 * Start a deadline. One controller and one timer per call, both released by `dispose()`:
 * `AbortSignal.timeout` + `AbortSignal.any` would keep a timer and weak references alive for the
 * whole timeout after every send.
 */
export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): SendDeadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`the deadline of ${timeoutMs} ms passed`)),
    timeoutMs,
  );
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
