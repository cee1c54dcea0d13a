import type { SharedRateLimiter } from "./store/rate-limiter.js";

/** A gateway's rate limit: a token bucket in this process, or one shared through the store. */
export interface RateLimit {
  readonly rate: number;
  /**
   * Reserve a token: the milliseconds to wait before sending (0: at once), or undefined when the
   * wait would be longer than `maxWaitMs` — then nothing is reserved.
   */
  reserve(maxWaitMs: number): number | undefined | Promise<number | undefined>;
}

/**
 * A token bucket: `rate` tokens per second, holding at most `rate` (the burst). A send reserves a
 * token; when none is left it waits its turn, and reservations queue up in order (the balance goes
 * below zero), so waiting sends are served at exactly the rate.
 */
export class TokenBucket implements RateLimit {
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

/** A gateway's bucket kept by the store's shared limiter, so every process draws from the same one. */
export function sharedRateLimit(limiter: SharedRateLimiter, gateway: string, rate: number): RateLimit {
  return { rate, reserve: (maxWaitMs) => limiter.reserve(gateway, rate, maxWaitMs) };
}
