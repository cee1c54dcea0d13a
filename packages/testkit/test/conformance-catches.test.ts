import { describe, expect, it } from "vitest";
import { conformanceChecks } from "../src/index.js";
import { brokenWebhook } from "./fixtures/broken-providers.js";
import { serve, webhookFixtures } from "./fixtures/webhook-fixtures.js";
import { webhookProvider } from "./fixtures/webhook-provider.js";

describe("the conformance suite catches broken providers", () => {
  it("secrets-not-echoed fails when the secret reaches the log", async () => {
    await expect(
      conformanceChecks["secrets-not-echoed"](brokenWebhook("logs-secret"), webhookFixtures()),
    ).rejects.toThrow(
      /secret parameter TOKEN appeared in output:\n {2}the log: debug posting .*Bearer «SECRET»/,
    );
  });

  it("secrets-not-echoed fails when the secret reaches an error's JSON", async () => {
    await expect(
      conformanceChecks["secrets-not-echoed"](brokenWebhook("secret-in-error-details"), webhookFixtures()),
    ).rejects.toThrow(/appeared in output:\n {2}the error's JSON: .*Bearer «SECRET»/);
  });

  it("secrets-write-only fails for a KEY parameter that is not writeOnly", async () => {
    await expect(
      conformanceChecks["secrets-write-only"](brokenWebhook("readable-secret"), webhookFixtures()),
    ).rejects.toThrow(/not marked: API_KEY/);
  });

  it("descriptions fails for a time value without a maximum a timer can hold", async () => {
    await expect(
      conformanceChecks.descriptions(brokenWebhook("unbounded-timeout"), webhookFixtures()),
    ).rejects.toThrow(/time values need a schema maximum a timer can hold .*; without one: TIMEOUT/);
  });

  it("delivers fails when one send delivers two messages", async () => {
    await expect(conformanceChecks.delivers(brokenWebhook("sends-twice"), webhookFixtures())).rejects.toThrow(
      /exactly one message; the fake received 2/,
    );
  });

  it("error-mapping fails when a failure reaches core unclassified", async () => {
    await expect(
      conformanceChecks["error-mapping"](brokenWebhook("throws-unclassified"), webhookFixtures()),
    ).rejects.toThrow(/unclassified \(SMSKIT_E_SEND_FAILED/);
  });

  it("close fails when connections stay open after close()", async () => {
    const fixtures = webhookFixtures({ working: () => serve({ body: "kept alive" }) });
    await expect(conformanceChecks.close(brokenWebhook("keeps-connections"), fixtures)).rejects.toThrow(
      /after smskit.close\(\) 1 connection\(s\) to the fake are still open/,
    );
  });

  it("a check whose fixture is missing fails and says what to do", async () => {
    const { unresponsive: _unresponsive, secret: _secret, ...fixtures } = webhookFixtures();
    await expect(conformanceChecks.deadline(webhookProvider, fixtures)).rejects.toThrow(
      /check "deadline" needs fixtures.unresponsive; provide it, or list "deadline" in fixtures.skip/,
    );
    await expect(conformanceChecks["secrets-not-echoed"](webhookProvider, fixtures)).rejects.toThrow(
      /needs fixtures.secret/,
    );
  });
});
