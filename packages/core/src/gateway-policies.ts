import type { ValidationIssue } from "./errors.js";

/** A circuit breaker: open after `failures` consecutive definite failures within `windowSeconds`. */
export interface BreakerPolicy {
  /** Consecutive definite failures that open the circuit. */
  readonly failures: number;
  /** The failures must fall within this many seconds. */
  readonly windowSeconds: number;
  /** How long the circuit stays open before one probe send decides. */
  readonly cooldownSeconds: number;
}

/** Per-gateway sending policies, for any provider; kept beside the provider's parameters. */
export interface GatewayPolicies {
  /** At most this many messages per second (token bucket, burst of the same size). */
  readonly rateLimit?: number;
  /** Retries of a definitely failed (retry-safe) send, with exponential backoff, inside the deadline. */
  readonly retries?: number;
  /** The circuit breaker. */
  readonly breaker?: BreakerPolicy;
}

/** The largest values accepted, so that a typo cannot stall a gateway for days. */
const limits = {
  rateLimit: 100_000,
  retries: 10,
  failures: 1000,
  windowSeconds: 86_400,
  cooldownSeconds: 86_400,
};

/** Check `policies` of a gateway input; returns what to store, adding a problem per bad field to `issues`. */
export function checkPolicies(value: unknown, issues: ValidationIssue[]): GatewayPolicies {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    issues.push({ key: "policies", message: "must be an object with rateLimit, retries and breaker" });
    return {};
  }
  const input = value as Record<string, unknown>;
  const policies: { rateLimit?: number; retries?: number; breaker?: BreakerPolicy } = {};
  for (const key of Object.keys(input)) {
    if (!["rateLimit", "retries", "breaker"].includes(key))
      issues.push({ key: `policies.${key}`, message: "is not a policy; known: rateLimit, retries, breaker" });
  }
  const rateLimit = number(input.rateLimit, "policies.rateLimit", 1, limits.rateLimit, false, issues);
  if (rateLimit !== undefined) policies.rateLimit = rateLimit;
  const retries = number(input.retries, "policies.retries", 0, limits.retries, true, issues);
  if (retries !== undefined && retries > 0) policies.retries = retries;
  const breaker = input.breaker;
  if (breaker !== undefined && breaker !== null) {
    if (typeof breaker !== "object" || Array.isArray(breaker)) {
      issues.push({
        key: "policies.breaker",
        message: "must be { failures, windowSeconds, cooldownSeconds }",
      });
    } else {
      const fields = breaker as Record<string, unknown>;
      const failures = number(fields.failures, "policies.breaker.failures", 1, limits.failures, true, issues);
      const windowSeconds = number(
        fields.windowSeconds,
        "policies.breaker.windowSeconds",
        1,
        limits.windowSeconds,
        false,
        issues,
      );
      const cooldownSeconds = number(
        fields.cooldownSeconds,
        "policies.breaker.cooldownSeconds",
        0.1,
        limits.cooldownSeconds,
        false,
        issues,
      );
      if (failures !== undefined && windowSeconds !== undefined && cooldownSeconds !== undefined)
        policies.breaker = { failures, windowSeconds, cooldownSeconds };
      else if (failures === undefined || windowSeconds === undefined || cooldownSeconds === undefined)
        issues.push({
          key: "policies.breaker",
          message: "needs failures, windowSeconds and cooldownSeconds",
        });
    }
  }
  return policies;
}

/** Parse `FAILURES/WINDOW_S/COOLDOWN_S` (e.g. `5/60/30`) as a breaker policy input. */
export function parseBreaker(text: string): Record<string, number> | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  return { failures: Number(match[1]), windowSeconds: Number(match[2]), cooldownSeconds: Number(match[3]) };
}

/** One line describing the policies, e.g. `rate limit 10/s, 2 retries, breaker 5/60/30`; "none" when empty. */
export function describePolicies(policies: GatewayPolicies): string {
  const parts: string[] = [];
  if (policies.rateLimit !== undefined) parts.push(`rate limit ${policies.rateLimit}/s`);
  if (policies.retries !== undefined)
    parts.push(`${policies.retries} ${policies.retries === 1 ? "retry" : "retries"}`);
  const breaker = policies.breaker;
  if (breaker) parts.push(`breaker ${breaker.failures}/${breaker.windowSeconds}/${breaker.cooldownSeconds}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

function number(
  value: unknown,
  key: string,
  minimum: number,
  maximum: number,
  integer: boolean,
  issues: ValidationIssue[],
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (
    typeof parsed !== "number" ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed)) ||
    parsed < minimum ||
    parsed > maximum
  ) {
    issues.push({
      key,
      message: `must be ${integer ? "a whole number" : "a number"} from ${minimum} to ${maximum}, got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  return parsed;
}
