/**
 * A token bucket: `rate` tokens per second, holding at most `rate` (the burst). A send reserves a
 * token; when none is left it waits its turn, and reservations queue up in order (the balance goes
 * below zero), so waiting sends are served at exactly the rate.
 */
export class TokenBucket {
  readonly rate: number;
  readonly #clock: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(rate: number, clock: () => number = () => performance.now()) {
    this.rate = rate;
    this.#clock = clock;
    this.#tokens = rate;
    this.#updatedAt = clock();
  }

  /**
   * Reserve a token: resolves to the milliseconds to wait before sending (0: at once), or
   * undefined when the wait would be longer than `maxWaitMs` — then nothing is reserved.
   */
  reserve(maxWaitMs: number): number | undefined {
    const now = this.#clock();
    this.#tokens = Math.min(this.rate, this.#tokens + ((now - this.#updatedAt) * this.rate) / 1000);
    this.#updatedAt = now;
    const waitMs = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.rate;
    if (waitMs > maxWaitMs) return undefined;
    this.#tokens -= 1;
    return waitMs;
  }
}
