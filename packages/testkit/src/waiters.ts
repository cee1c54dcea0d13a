/**
 * The promises a fake's `waitFor…` methods return: each resolves once its condition holds after
 * a `notify()` (or at once), or rejects with the fake's own message when the time is up.
 */
export class Waiters {
  readonly #checks = new Set<() => void>();

  /** Something changed: check every waiting condition. */
  notify(): void {
    for (const check of [...this.#checks]) check();
  }

  /** Resolve with `ready()`'s value once it is not undefined; reject with `timedOut()`'s message after `timeoutMs`. */
  until<T>(ready: () => T | undefined, timeoutMs: number, timedOut: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const result = ready();
        if (result === undefined) return;
        this.#checks.delete(check);
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        this.#checks.delete(check);
        reject(new Error(timedOut()));
      }, timeoutMs);
      this.#checks.add(check);
      check();
    });
  }
}
