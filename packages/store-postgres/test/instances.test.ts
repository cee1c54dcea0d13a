import { randomBytes } from "node:crypto";
import { createSmskit, type Smskit } from "@smskit/core";
import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PostgresGatewayStore } from "../src/index.js";
import { createSink, type Sink, sinkProvider } from "./fixtures/sink-provider.js";

let server: TestPostgres;
const running: Smskit[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const smskit of running.splice(0)) await smskit.close();
});
afterAll(async () => {
  await server.stop();
});

/** Instances of an application over one database, each with a store (and pool) of its own. */
async function instances(sink: Sink, owners: readonly string[], secretKey: Buffer | null = randomBytes(32)) {
  const url = await server.createDatabase();
  const started: Smskit[] = [];
  for (const owner of owners) {
    const smskit = await createSmskit({
      store: await PostgresGatewayStore.open(url),
      providers: [sinkProvider(sink, owner)],
      environment: {},
      ...(secretKey ? { secretKey } : {}),
    });
    started.push(smskit);
    running.push(smskit);
  }
  return started;
}

describe("several smskit instances over one PostgreSQL database", () => {
  it("use a gateway changed through one of them within a second, and close the old instance", async () => {
    const sink = createSink();
    const [a, b] = (await instances(sink, ["a", "b"])) as [Smskit, Smskit];
    await a.saveGateway({ name: "otp", provider: "sink", parameters: { LABEL: "v1" } });
    await b.send("otp", "+491701234567", "code 1");
    expect(sink.received.at(-1)).toMatchObject({ owner: "b", label: "v1", revision: 1 });
    const changedAt = performance.now();
    await a.saveGateway({ name: "otp", provider: "sink", parameters: { LABEL: "v2" } });
    let seenAfter = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 200; attempt++) {
      await b.send("otp", "+491701234567", "code 2");
      if (sink.received.at(-1)?.label === "v2") {
        seenAfter = performance.now() - changedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seenAfter).toBeLessThan(1000);
    expect(sink.received.at(-1)).toMatchObject({ owner: "b", label: "v2", revision: 2 });
    await expect.poll(() => sink.closed).toContain("b:1");
    expect(sink.closed).not.toContain("b:2");
  });

  it("a gateway deleted through one instance is gone for the others", async () => {
    const sink = createSink();
    const [a, b] = (await instances(sink, ["a", "b"])) as [Smskit, Smskit];
    await a.saveGateway({ name: "otp", provider: "sink", parameters: { LABEL: "v1" } });
    await b.send("otp", "+491701234567", "code");
    await a.deleteGateway("otp");
    await expect
      .poll(
        () =>
          b.send("otp", "+491701234567", "code").then(
            () => "sent",
            (error) => error.code,
          ),
        {
          timeout: 2000,
          interval: 20,
        },
      )
      .toBe("SMSKIT_E_GATEWAY_NOT_FOUND");
    await expect.poll(() => sink.closed).toContain("b:1");
  });

  it("hold an idempotency key across instances: one message, and the others get its outcome", async () => {
    const sink = createSink();
    const [a, b, c] = (await instances(sink, ["a", "b", "c"])) as [Smskit, Smskit, Smskit];
    await a.saveGateway({ name: "otp", provider: "sink", parameters: { LABEL: "v1" } });
    const outcomes = await Promise.allSettled(
      [a, b, c].map((smskit) =>
        smskit.send("otp", "+491701234567", "code 123456", { idempotencyKey: "login-42" }),
      ),
    );
    expect(sink.received).toHaveLength(1);
    const first = await a.send("otp", "+491701234567", "code 123456", { idempotencyKey: "login-42" });
    const again = await c.send("otp", "+491701234567", "code 123456", { idempotencyKey: "login-42" });
    expect(again).toMatchObject({ replayed: true, messageId: first.messageId });
    expect(sink.received).toHaveLength(1);
    // Those that ran into the pending claim were told so, or waited for the outcome: none sent again.
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") expect(outcome.value.messageId).toBe(first.messageId);
      else expect((outcome.reason as { code: string }).code).toMatch(/^SMSKIT_E_IDEMPOTENCY/);
    }
  });

  it("share a gateway's rate limit: together they stay within it", async () => {
    const sink = createSink();
    const owners = ["a", "b", "c"];
    const smskits = await instances(sink, owners);
    const rate = 20;
    await smskits[0]?.saveGateway({
      name: "otp",
      provider: "sink",
      parameters: { LABEL: "v1" },
      policies: { rateLimit: rate },
    });
    const perInstance = 20;
    const started = performance.now();
    await Promise.all(
      smskits.flatMap((smskit) =>
        Array.from({ length: perInstance }, () =>
          smskit.send("otp", "+491701234567", "code", { timeoutMs: 20_000 }),
        ),
      ),
    );
    const times = sink.received.map((entry) => entry.at - started).sort((x, y) => x - y);
    expect(times).toHaveLength(owners.length * perInstance);
    expect(new Set(sink.received.map((entry) => entry.owner))).toEqual(new Set(owners));
    // A bucket of `rate` tokens refilled at `rate` per second: in any window of w ms at most
    // rate + rate·w/1000 messages, as granted; each message reaches the sink a round trip and a timer
    // later than its grant, which varies on a loaded machine: 250 ms of slack for that. Alone (or
    // with a bucket each), the instances would send all 60 messages at once.
    for (let first = 0; first < times.length; first++) {
      for (let last = first; last < times.length; last++) {
        const window = (times[last] as number) - (times[first] as number);
        expect(last - first + 1).toBeLessThanOrEqual(rate + (rate * (window + 250)) / 1000);
      }
    }
    expect(times.at(-1)).toBeGreaterThan(((owners.length * perInstance - rate) / rate) * 1000 - 150);
  });

  it("need the same key on every instance for secrets: without one, a secret cannot be saved", async () => {
    const sink = createSink();
    const [a] = (await instances(sink, ["a"], null)) as [Smskit];
    await a.saveGateway({ name: "plain", provider: "sink", parameters: { LABEL: "v1" } });
    await expect(
      a.saveGateway({ name: "secret", provider: "sink", parameters: { LABEL: "v1", TOKEN: "s3cr3t" } }),
    ).rejects.toMatchObject({
      code: "SMSKIT_E_SECRET_KEY",
      message: expect.stringContaining("SMSKIT_SECRET_KEY"),
    });
    expect(await a.getGateway("secret")).toBeUndefined();
  });

  it("decrypt through one instance what another saved, given the same SMSKIT_SECRET_KEY", async () => {
    const sink = createSink();
    const key = randomBytes(32);
    const url = await server.createDatabase();
    const open = async (owner: string) => {
      const smskit = await createSmskit({
        store: await PostgresGatewayStore.open(url),
        providers: [sinkProvider(sink, owner)],
        environment: { SMSKIT_SECRET_KEY: key.toString("base64") },
      });
      running.push(smskit);
      return smskit;
    };
    const a = await open("a");
    const b = await open("b");
    await a.saveGateway({ name: "secret", provider: "sink", parameters: { LABEL: "v1", TOKEN: "s3cr3t" } });
    expect((await b.getGateway("secret"))?.parameters.TOKEN).toBe("__CENSORED__");
    await b.send("secret", "+491701234567", "code");
    expect(sink.received.at(-1)).toMatchObject({ owner: "b", label: "v1" });
  });
});
