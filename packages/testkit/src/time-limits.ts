/** The longest time a timer holds: 2^31−1 ms (about 24.8 days); a longer one fires at once. */
export const timerLimitMs = 2_147_483_647;

/** Milliseconds per unit a parameter's description counts in. */
const unitMs: ReadonlyArray<readonly [RegExp, number]> = [
  [/\bmilliseconds?\b/i, 1],
  [/\bseconds?\b/i, 1000],
  [/\bminutes?\b/i, 60_000],
  [/\bhours?\b/i, 3_600_000],
];

/**
 * The names of number parameters whose description counts time (milliseconds, seconds, minutes or
 * hours) but whose schema sets no `maximum` (or `exclusiveMaximum`) a timer can hold.
 */
export function unboundedTimeParameters(properties: Readonly<Record<string, unknown>>): string[] {
  const unbounded: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    if (typeof value !== "object" || value === null) continue;
    const schema = value as {
      type?: unknown;
      description?: unknown;
      maximum?: unknown;
      exclusiveMaximum?: unknown;
    };
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes("number") && !types.includes("integer")) continue;
    const unit = unitMs.find(([pattern]) => pattern.test(String(schema.description ?? "")))?.[1];
    if (unit === undefined) continue;
    const maximum = typeof schema.maximum === "number" ? schema.maximum : schema.exclusiveMaximum;
    if (typeof maximum !== "number" || maximum * unit > timerLimitMs) unbounded.push(name);
  }
  return unbounded;
}
