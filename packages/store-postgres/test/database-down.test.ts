import { randomBytes } from "node:crypto";
import { createSmskit } from "@smskit/core";
import { startPostgres } from "@smskit/test-postgres";
import { describe, expect, it } from "vitest";
import { PostgresGatewayStore } from "../src/index.js";
import { createSink, sinkProvider } from "./fixtures/sink-provider.js";

describe("when the database goes down under a running instance", () => {
  it("sends through cached gateways go on (rate limits per instance); what needs the database fails, sending nothing", async () => {
    // A server of its own (not the suite's shared one), to stop in the middle of the test.
    const own = await startPostgres({});
    const sink = createSink();
    const smskit = await createSmskit({
      store: await PostgresGatewayStore.open(await own.createDatabase()),
      providers: [sinkProvider(sink, "a")],
      secretKey: randomBytes(32),
      definitionCacheMs: 50,
    });
    try {
      await smskit.saveGateway({ name: "otp", provider: "sink", parameters: { LABEL: "v1" } });
      await smskit.saveGateway({
        name: "limited",
        provider: "sink",
        parameters: { LABEL: "v1" },
        policies: { rateLimit: 100 },
      });
      await smskit.saveGateway({ name: "cold", provider: "sink", parameters: { LABEL: "v1" } });
      await smskit.send("otp", "+491701234567", "warm up");
      await smskit.send("limited", "+491701234567", "warm up");
      await own.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(smskit.send("otp", "+491701234567", "code")).resolves.toMatchObject({ gateway: "otp" });
      await expect(smskit.send("limited", "+491701234567", "code")).resolves.toMatchObject({
        gateway: "limited",
      });
      const sent = sink.received.length;
      expect(sent).toBe(4);
      await expect(smskit.send("cold", "+491701234567", "code")).rejects.toMatchObject({
        code: "SMSKIT_E_STORE",
      });
      await expect(
        smskit.send("otp", "+491701234567", "code", { idempotencyKey: "login-1" }),
      ).rejects.toMatchObject({ code: "SMSKIT_E_STORE" });
      await expect(
        smskit.saveGateway({ name: "new", provider: "sink", parameters: { LABEL: "v1" } }),
      ).rejects.toMatchObject({ code: "SMSKIT_E_STORE" });
      expect(sink.received).toHaveLength(sent);
    } finally {
      await smskit.close();
    }
  }, 60_000);
});
