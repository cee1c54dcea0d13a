/**
 * A rate limiter shared by every process that uses one store: a token bucket per gateway, kept
 * where all of them see it, so that N instances together stay within a gateway's limit.
 */
export interface SharedRateLimiter {
  /**
   * Reserve a token of `gateway`'s bucket (`rate` tokens per second, a burst of `rate`): resolves
   * to the milliseconds to wait before sending (0: at once), or undefined when the wait would be
   * longer than `maxWaitMs` — then nothing is reserved.
   */
  reserve(gateway: string, rate: number, maxWaitMs: number): Promise<number | undefined>;
}
