import type * as Vitest from "vitest";

/** vitest, when running inside it; importing the testkit elsewhere (benchmarks, demos) must not fail. */
export const vitest: typeof Vitest | undefined = await import("vitest").catch(() => undefined);

/** vitest, or an error naming the helper that needs it. */
export function requireVitest(helper: string): typeof Vitest {
  if (!vitest) throw new Error(`${helper} uses vitest; call it inside a vitest test file`);
  return vitest;
}
