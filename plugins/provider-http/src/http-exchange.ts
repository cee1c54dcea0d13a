import type { Dispatcher } from "undici";

/** What the gateway answered: the status and the body (at most `maximumBytes` of it). */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly body: Buffer;
}

/** Why an exchange failed, beside the error itself. */
export interface ExchangeFailure {
  /** The exchange's own TIMEOUT ran out. */
  readonly timedOut: boolean;
}

/** The error an exchange rejects with: the transport's error and whether TIMEOUT ran out. */
export class ExchangeError extends Error {
  override name = "ExchangeError";
  readonly failure: ExchangeFailure;

  constructor(cause: unknown, failure: ExchangeFailure) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.failure = failure;
  }
}

/**
 * One request through the gateway's pool, read to its end, with a deadline of `timeoutMs` for
 * connecting and the complete answer and the caller's signal honoured. It talks to undici's
 * dispatcher directly: no response stream, no AbortController and no EventTarget listener of its
 * own per request — the send path's biggest costs after the socket itself.
 */
export function exchange(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  timeoutMs: number,
  maximumBytes: number,
  callerSignal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let abortRequest: ((reason: Error) => void) | undefined;
    let pendingAbort: Error | undefined;
    let settled = false;
    let timedOut = false;
    let statusCode = 0;
    let size = 0;
    const chunks: Buffer[] = [];

    const settle = (error: unknown, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callerSignal.removeEventListener("abort", onCallerAbort);
      if (answer) resolve(answer);
      else reject(new ExchangeError(error, { timedOut }));
    };
    const abort = (reason: Error) => {
      if (abortRequest) abortRequest(reason);
      else pendingAbort = reason;
      settle(reason);
    };
    const onCallerAbort = () => abort(asError(callerSignal.reason));
    const timer = setTimeout(() => {
      timedOut = true;
      abort(timeoutReason(timeoutMs));
    }, timeoutMs);
    if (callerSignal.aborted) onCallerAbort();
    else callerSignal.addEventListener("abort", onCallerAbort, { once: true });
    if (settled) return;

    dispatcher.dispatch(request, {
      onConnect(abortFunction: (reason: Error) => void) {
        abortRequest = abortFunction;
        if (pendingAbort) abortFunction(pendingAbort);
      },
      onHeaders(status: number) {
        statusCode = status;
        return true;
      },
      onData(chunk: Buffer) {
        const room = maximumBytes - size;
        if (chunk.length < room) {
          chunks.push(chunk);
          size += chunk.length;
          return true;
        }
        // Enough read: keep what fits, answer, and drop the rest of the body (and its connection).
        chunks.push(chunk.subarray(0, room));
        size += room;
        settle(undefined, { statusCode, body: Buffer.concat(chunks, size) });
        abortRequest?.(new Error("the rest of the response body was not needed"));
        return false;
      },
      onComplete() {
        settle(undefined, {
          statusCode,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
        });
      },
      onError(error: Error) {
        settle(error);
      },
      onUpgrade() {
        settle(new Error("the gateway switched protocols"));
      },
    } as Dispatcher.DispatchHandler);
  });
}

/** Why a request was aborted at TIMEOUT (a plain Error: its message stays writable for censoring). */
export function timeoutReason(timeoutMs: number): Error {
  const reason = new Error(`TIMEOUT of ${timeoutMs} ms elapsed`);
  reason.name = "TimeoutError";
  return reason;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? "aborted"));
}
