import type { InstanceLimits } from "@smskit/core";

/**
 * The provider-instance limits from the environment: `SMSKIT_INSTANCE_IDLE_SECONDS` (close an
 * instance unused this long; core's default when unset) and `SMSKIT_INSTANCE_MAX` (keep at most
 * this many open; no cap when unset). Anything but a positive number refuses the start.
 */
export function instanceLimits(environment: NodeJS.ProcessEnv): InstanceLimits {
  const idle = positive(environment, "SMSKIT_INSTANCE_IDLE_SECONDS", false);
  const max = positive(environment, "SMSKIT_INSTANCE_MAX", true);
  return {
    ...(idle === undefined ? {} : { idleMs: idle * 1000 }),
    ...(max === undefined ? {} : { max }),
  };
}

function positive(environment: NodeJS.ProcessEnv, name: string, whole: boolean): number | undefined {
  const raw = environment[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${whole ? "whole " : ""}number above 0, not '${raw}'`);
  }
  return value;
}
