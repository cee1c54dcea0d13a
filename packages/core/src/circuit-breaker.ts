import type { BreakerPolicy } from "./gateway-policies.js";

/** `closed`: sends go through; `open`: skipped until the cool-down ends; `half-open`: one probe decides. */
export type BreakerState = "closed" | "open" | "half-open";

/** What a gateway's breaker looks like now (API, UI badge, metrics). */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Definite failures in a row within the window. */
  readonly consecutiveFailures: number;
  /** When an open circuit lets its probe through (ISO timestamp). */
  readonly openUntil?: string;
  /** When the last definite failure happened (ISO timestamp). */
  readonly lastFailureAt?: string;
}

/** Whether a send may go: `go`, `probe` (the one send of a half-open circuit) or `skip`. */
export type BreakerAdmission = "go" | "probe" | "skip";

/**
 * A circuit breaker: after `failures` consecutive definite failures within `windowSeconds` the
 * circuit opens and sends are skipped for `cooldownSeconds`; then exactly one probe is let through,
 * and its outcome closes the circuit again or re-opens it for another cool-down.
 */
export class CircuitBreaker {
  readonly #policy: BreakerPolicy;
  readonly #now: () => number;
  #failures: number[] = [];
  #openUntil: number | undefined;
  #probing = false;
  #lastFailureAt: number | undefined;

  constructor(policy: BreakerPolicy, now: () => number) {
    this.#policy = policy;
    this.#now = now;
  }

  /** Ask to send: one probe at a time once the cool-down is over, none while open. */
  admit(): BreakerAdmission {
    if (this.#openUntil === undefined) return "go";
    if (this.#probing || this.#now() < this.#openUntil) return "skip";
    this.#probing = true;
    return "probe";
  }

  /** The gateway accepted a send: the circuit closes. */
  succeeded(): void {
    this.#failures = [];
    this.#openUntil = undefined;
    this.#probing = false;
  }

  /** A definite failure (or a failed probe, whatever its kind): may open the circuit. */
  failed(probe: boolean): void {
    const now = this.#now();
    this.#lastFailureAt = now;
    this.#probing = false;
    const windowStart = now - this.#policy.windowSeconds * 1000;
    this.#failures = [...this.#failures.filter((at) => at > windowStart), now];
    if (probe || this.#failures.length >= this.#policy.failures) {
      this.#openUntil = now + this.#policy.cooldownSeconds * 1000;
    }
  }

  /** A probe that never reached the gateway (e.g. rate-limited): the next send may probe instead. */
  released(): void {
    this.#probing = false;
  }

  /** The breaker's state now. */
  snapshot(): BreakerSnapshot {
    const state: BreakerState =
      this.#openUntil === undefined
        ? "closed"
        : this.#probing || this.#now() >= this.#openUntil
          ? "half-open"
          : "open";
    return {
      state,
      consecutiveFailures: this.#failures.length,
      ...(this.#openUntil === undefined ? {} : { openUntil: new Date(this.#openUntil).toISOString() }),
      ...(this.#lastFailureAt === undefined
        ? {}
        : { lastFailureAt: new Date(this.#lastFailureAt).toISOString() }),
    };
  }
}
