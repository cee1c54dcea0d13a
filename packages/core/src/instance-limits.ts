import { ConfigurationError } from "./errors.js";
import type { InstanceLimits } from "./instance-entry.js";
import { maximumTimeoutMs } from "./send-deadline.js";

/** How long an instance stays open unused when the application says nothing: ten minutes. */
export const defaultIdleMs = 600_000;

/** Open instances and why others were closed. */
export interface InstanceCounts {
  readonly open: number;
  readonly closedIdle: number;
  readonly closedCapacity: number;
}

/** The limits with their defaults, or `SMSKIT_E_USAGE` for values that are not limits. */
export function checkInstanceLimits(limits: InstanceLimits = {}): { idleMs: number; max: number } {
  const idleMs = limits.idleMs ?? defaultIdleMs;
  const max = limits.max ?? Number.POSITIVE_INFINITY;
  if (typeof idleMs !== "number" || !(idleMs > 0) || (Number.isFinite(idleMs) && idleMs > maximumTimeoutMs)) {
    throw new ConfigurationError(
      "SMSKIT_E_USAGE",
      `instances.idleMs must be above 0 and at most ${maximumTimeoutMs} milliseconds, or Infinity to keep instances open; got ${idleMs}`,
    );
  }
  if (typeof max !== "number" || !(max >= 1) || (Number.isFinite(max) && !Number.isInteger(max))) {
    throw new ConfigurationError(
      "SMSKIT_E_USAGE",
      `instances.max must be a whole number of at least 1, or Infinity for no cap; got ${max}`,
    );
  }
  return { idleMs, max };
}

/** How often idle instances are looked for: a quarter of the idle time, between 10 ms and 30 s. */
export function sweepInterval(idleMs: number): number {
  return Math.min(30_000, Math.max(10, Math.floor(idleMs / 4)));
}

/** The counts in Prometheus' text exposition format. */
export function instanceMetrics(counts: InstanceCounts): string {
  return [
    "# HELP smskit_provider_instances Provider instances open in this process (one per gateway in use).",
    "# TYPE smskit_provider_instances gauge",
    `smskit_provider_instances ${counts.open}`,
    "# HELP smskit_provider_instances_closed_total Provider instances closed for being idle or over the cap.",
    "# TYPE smskit_provider_instances_closed_total counter",
    `smskit_provider_instances_closed_total{reason="idle"} ${counts.closedIdle}`,
    `smskit_provider_instances_closed_total{reason="capacity"} ${counts.closedCapacity}`,
    "",
  ].join("\n");
}
