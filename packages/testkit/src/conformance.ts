import type { AnyProviderManifest } from "@smskit/provider";
import { defaultSendTimeoutMs } from "./conformance-harness.js";
import {
  checkDescriptions,
  checkManifestRegistration,
  checkSecretsWriteOnly,
} from "./conformance-manifest-checks.js";
import {
  checkAbort,
  checkClose,
  checkDeadline,
  checkDelivers,
  checkErrorMapping,
  checkSecretsNotEchoed,
} from "./conformance-send-checks.js";
import type { ConformanceCheck, ConformanceCheckFunction, ConformanceFixtures } from "./conformance-types.js";
import { vitest } from "./vitest-runtime.js";

/**
 * Every check of the suite, callable on its own (e.g. to show that a broken provider fails
 * it). `testProvider` runs them all as vitest tests.
 */
export const conformanceChecks: Readonly<Record<ConformanceCheck, ConformanceCheckFunction>> = {
  manifest: checkManifestRegistration,
  descriptions: checkDescriptions,
  "secrets-write-only": checkSecretsWriteOnly,
  delivers: checkDelivers,
  "error-mapping": checkErrorMapping,
  "secrets-not-echoed": checkSecretsNotEchoed,
  deadline: checkDeadline,
  abort: checkAbort,
  close: checkClose,
};

/** The checks in the order `testProvider` declares them. */
export const conformanceCheckNames = Object.keys(conformanceChecks) as ConformanceCheck[];

/**
 * Declare the conformance suite for a provider inside a vitest test file: a
 * `describe("conformance: <id>")` with one test per check. A check listed in
 * `fixtures.skip` becomes a skipped test named "<check> (skipped: <reason>)"; a check whose
 * fixture is missing and that is not listed fails, saying so.
 */
export function testProvider(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): void {
  if (!vitest) {
    throw new Error("testProvider() declares vitest tests; call it at the top level of a vitest test file");
  }
  const { describe, it } = vitest;
  const timeoutMs = (fixtures.sendTimeoutMs ?? defaultSendTimeoutMs) + 15_000;
  describe(`conformance: ${manifest.id}`, () => {
    for (const check of conformanceCheckNames) {
      const reason = fixtures.skip?.[check];
      if (reason !== undefined) {
        it.skip(`${check} (skipped: ${reason})`, () => {});
      } else {
        it(check, () => conformanceChecks[check](manifest, fixtures), timeoutMs);
      }
    }
  });
}
