import { abortReason } from "@smskit/provider";
/**
 * A counting semaphore for outstanding submits: at most `size` holders at once, the rest wait
 * in arrival order. A waiter whose signal has aborted by its turn gives the slot straight back
 * and rejects (the caller has already been answered by the pipeline's own abort handling), so
 * no listener is attached per waiter.
 */
export class SubmitWindow {
  readonly size: number;
  #holders = 0;
  readonly #waiting: Array<{
    signal: AbortSignal;
    grant: (release: () => void) => void;
    refuse: (error: Error) => void;
  }> = [];

  constructor(size: number) {
    this.size = Math.max(1, Math.trunc(size));
  }

  /** Submits currently holding a slot. */
  get outstanding(): number {
    return this.#holders;
  }

  /** Wait for a free slot; resolves with the function that frees it again (call it exactly once). */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.#holders < this.size && this.#waiting.length === 0) {
      this.#holders++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((grant, refuse) => {
      this.#waiting.push({ signal, grant, refuse });
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders--;
      this.#next();
    };
  }

  #next(): void {
    while (this.#holders < this.size) {
      const waiter = this.#waiting.shift();
      if (!waiter) return;
      if (waiter.signal.aborted) {
        waiter.refuse(abortReason(waiter.signal));
        continue;
      }
      this.#holders++;
      waiter.grant(this.#releaser());
    }
  }
}

/** Wait `milliseconds`, or reject as soon as the signal aborts. */
export function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
