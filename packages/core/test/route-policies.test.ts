import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSmskit, MemoryGatewayStore, type SmsError } from "../src/index.js";
import { newRecording, recordingProvider } from "./fixtures/recording-provider.js";

const parameters = { URL: "https://sms.example.net/send" };

async function rejection(work: Promise<unknown>): Promise<SmsError> {
  return (await work.then(
    () => {
      throw new Error("expected the send to fail");
    },
    (error: unknown) => error,
  )) as SmsError;
}

/** A gateway with a breaker, on a smskit whose clock the test moves. */
async function breakerSetup(windowSeconds: number) {
  const clock = { now: 1_000_000 };
  const recording = newRecording();
  const smskit = await createSmskit({ providers: [recordingProvider(recording)], now: () => clock.now });
  await smskit.saveGateway({
    name: "flaky",
    provider: "recording",
    parameters,
    policies: { breaker: { failures: 2, windowSeconds, cooldownSeconds: 30 } },
  });
  return { clock, recording, smskit };
}

describe("circuit breaker (injected clock)", () => {
  it("opens after consecutive definite failures, skips, lets one probe through after the cool-down, re-opens on a failed probe and closes on a good one", async () => {
    const { clock, recording, smskit } = await breakerSetup(60);
    recording.behaviour = "fail";
    for (let index = 0; index < 2; index++) {
      const error = await rejection(smskit.send("flaky", "+491", "x"));
      expect(error.attempts).toMatchObject([
        { gateway: "flaky", outcome: "failed", code: "SMSKIT_E_RECORDING_REFUSED" },
      ]);
    }
    expect(smskit.gatewayHealth("flaky").breaker).toMatchObject({ state: "open", consecutiveFailures: 2 });
    recording.behaviour = "deliver";
    const skipped = await rejection(smskit.send("flaky", "+491", "x"));
    expect(skipped.code).toBe("SMSKIT_E_CIRCUIT_OPEN");
    expect(skipped.retrySafe).toBe(true);
    expect(skipped.attempts).toEqual([{ gateway: "flaky", outcome: "skipped", reason: "circuit open" }]);
    expect(recording.sent).toHaveLength(0);

    clock.now += 30_000;
    expect(smskit.gatewayHealth("flaky").breaker?.state).toBe("half-open");
    recording.behaviour = "fail";
    await rejection(smskit.send("flaky", "+491", "x"));
    expect(smskit.gatewayHealth("flaky").breaker?.state).toBe("open");
    clock.now += 30_000;
    recording.behaviour = "deliver";
    expect((await smskit.send("flaky", "+491", "x")).attempts).toEqual([
      { gateway: "flaky", outcome: "sent", tries: 1 },
    ]);
    expect(smskit.gatewayHealth("flaky").breaker).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect(smskit.metricsText()).toContain('smskit_gateway_circuit_state{gateway="flaky"} 0');
    await smskit.close();
  });

  it("failures outside the window do not add up", async () => {
    const { clock, recording, smskit } = await breakerSetup(10);
    recording.behaviour = "fail";
    await rejection(smskit.send("flaky", "+491", "x"));
    clock.now += 11_000;
    await rejection(smskit.send("flaky", "+491", "x"));
    expect(smskit.gatewayHealth("flaky").breaker).toMatchObject({ state: "closed", consecutiveFailures: 1 });
    await smskit.close();
  });
});

describe("idempotent sends with the memory store", () => {
  const setup = async () => {
    const recording = newRecording();
    const store = new MemoryGatewayStore();
    const secretKey = randomBytes(32);
    const open = () => createSmskit({ providers: [recordingProvider(recording)], store, secretKey });
    const smskit = await open();
    await smskit.saveGateway({ name: "otp", provider: "recording", parameters });
    return { recording, smskit, open };
  };

  it("a repeat in flight waits for the first and gets its result, in this instance and in another sharing the store", async () => {
    const { recording, smskit, open } = await setup();
    const other = await open();
    const results = await Promise.all([
      smskit.send("otp", "+491", "code 1", { idempotencyKey: "k" }),
      smskit.send("otp", "+491", "code 1", { idempotencyKey: "k" }),
      other.send("otp", "+491", "code 1", { idempotencyKey: "k" }),
    ]);
    expect(recording.sent).toHaveLength(1);
    expect(new Set(results.map((result) => result.messageId))).toEqual(new Set(["m1"]));
    expect(results.filter((result) => result.replayed === true)).toHaveLength(2);
    const conflict = await rejection(other.send("otp", "+491", "code 2", { idempotencyKey: "k" }));
    expect(conflict.code).toBe("SMSKIT_E_IDEMPOTENCY_CONFLICT");
    expect(conflict.name).toBe("ConfigurationError");
    await smskit.close();
  });

  it("keeps an unknown outcome (the repeat gets the same error, nothing is sent) and gives a definite failure up", async () => {
    const { recording, smskit } = await setup();
    recording.behaviour = "hang";
    const first = await rejection(smskit.send("otp", "+491", "x", { idempotencyKey: "u", timeoutMs: 30 }));
    expect(first).toMatchObject({ code: "SMSKIT_E_SEND_TIMEOUT", deliveryUnknown: true });
    recording.behaviour = "deliver";
    const repeat = await rejection(smskit.send("otp", "+491", "x", { idempotencyKey: "u" }));
    expect(repeat).toMatchObject({
      code: "SMSKIT_E_SEND_TIMEOUT",
      deliveryUnknown: true,
      details: { replayed: true },
    });
    expect(recording.sent).toHaveLength(0);

    recording.behaviour = "fail";
    await rejection(smskit.send("otp", "+491", "y", { idempotencyKey: "f" }));
    recording.behaviour = "deliver";
    const retried = await smskit.send("otp", "+491", "y", { idempotencyKey: "f" });
    expect(retried.replayed).toBeUndefined();
    expect(recording.sent).toHaveLength(1);
    await smskit.close();
  });

  it("forgets a key after the window", async () => {
    let now = 0;
    const recording = newRecording();
    const smskit = await createSmskit({
      providers: [recordingProvider(recording)],
      now: () => now,
      idempotencyWindowMs: 1000,
    });
    await smskit.saveGateway({ name: "otp", provider: "recording", parameters });
    await smskit.send("otp", "+491", "x", { idempotencyKey: "w" });
    now += 999;
    expect((await smskit.send("otp", "+491", "x", { idempotencyKey: "w" })).replayed).toBe(true);
    now += 2;
    expect((await smskit.send("otp", "+491", "x", { idempotencyKey: "w" })).replayed).toBeUndefined();
    expect(recording.sent).toHaveLength(2);
    await smskit.close();
  });
});
