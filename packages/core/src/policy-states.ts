import { type BreakerSnapshot, CircuitBreaker } from "./circuit-breaker.js";
import type { GatewayPolicies } from "./gateway-policies.js";
import type { SharedRateLimiter } from "./store/rate-limiter.js";
import { type RateLimit, sharedRateLimit, TokenBucket } from "./token-bucket.js";

/** The in-process state of one gateway's policies. */
export interface PolicyState {
  readonly bucket: RateLimit | undefined;
  readonly breaker: CircuitBreaker | undefined;
}

/** A gateway's health as the API and the UI show it. */
export interface GatewayHealth {
  readonly gateway: string;
  /** The circuit breaker, when the gateway has one. */
  readonly breaker?: BreakerSnapshot;
}

interface Entry extends PolicyState {
  /** The policies the state was made for: a change starts afresh. */
  readonly policies: string;
  /** The object they were read from, so that an unchanged definition is recognised without comparing. */
  readonly source: GatewayPolicies;
}

/**
 * Token buckets and circuit breakers by gateway name (in this process; the buckets in the store
 * when it offers a shared rate limiter, so that all processes together keep a gateway's limit).
 */
export class PolicyStates {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #limiter: SharedRateLimiter | undefined;

  constructor(now: () => number, limiter?: SharedRateLimiter) {
    this.#now = now;
    this.#limiter = limiter;
  }

  /** The state for a gateway's current policies. */
  for(gateway: string, policies: GatewayPolicies): PolicyState {
    const existing = this.#entries.get(gateway);
    if (existing?.source === policies) return existing;
    const key = JSON.stringify(policies);
    if (existing?.policies === key) {
      const same = { ...existing, source: policies };
      this.#entries.set(gateway, same);
      return same;
    }
    const entry: Entry = {
      policies: key,
      source: policies,
      bucket: policies.rateLimit === undefined ? undefined : this.#bucket(gateway, policies.rateLimit),
      breaker: policies.breaker === undefined ? undefined : new CircuitBreaker(policies.breaker, this.#now),
    };
    this.#entries.set(gateway, entry);
    return entry;
  }

  #bucket(gateway: string, rate: number): RateLimit {
    return this.#limiter ? sharedRateLimit(this.#limiter, gateway, rate) : new TokenBucket(rate);
  }

  /** The health of a gateway (no breaker: none known). */
  health(gateway: string): GatewayHealth {
    const breaker = this.#entries.get(gateway)?.breaker;
    return breaker ? { gateway, breaker: breaker.snapshot() } : { gateway };
  }

  /** Every gateway's breaker state, for `/metrics`. */
  toPrometheus(): string {
    const lines = [
      "# HELP smskit_gateway_circuit_state Circuit breaker state by gateway: 0 closed, 1 half-open, 2 open.",
      "# TYPE smskit_gateway_circuit_state gauge",
    ];
    const values = { closed: 0, "half-open": 1, open: 2 } as const;
    for (const [gateway, entry] of [...this.#entries].sort(([a], [b]) => a.localeCompare(b))) {
      if (!entry.breaker) continue;
      const label = gateway.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      lines.push(
        `smskit_gateway_circuit_state{gateway="${label}"} ${values[entry.breaker.snapshot().state]}`,
      );
    }
    return `${lines.join("\n")}\n`;
  }

  /** Forget a gateway (deleted). */
  forget(gateway: string): void {
    this.#entries.delete(gateway);
  }
}
