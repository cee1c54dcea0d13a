import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;
const sinks: Record<string, FakeHttpServer> = {};

beforeAll(async () => {
  demo = await startDemo();
  for (const name of ["a", "b", "c"]) {
    sinks[name] = await startHttpServer({ responder: { body: `OK ${name}` } });
  }
});

afterAll(async () => {
  await demo.close();
  await Promise.all(Object.values(sinks).map((sink) => sink.close()));
});

type Json = Record<string, unknown> & { attempts?: Array<Record<string, unknown>> };

const sink = (name: string) => sinks[name] as FakeHttpServer;
const putGateway = async (
  name: string,
  sinkName = name,
  policies?: Record<string, unknown>,
  parameters: Record<string, unknown> = {},
) => {
  const response = await demo.request("PUT", `/api/gateways/${name}`, {
    body: {
      provider: "http",
      parameters: { URL: `${sink(sinkName).url}/send`, HTTP_METHOD: "POST", ...parameters },
      options: { to: "{phone}", text: "{otp}" },
      ...(policies ? { policies } : {}),
    },
  });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json as Json;
};
const putRoute = async (name: string, body: Record<string, unknown>) => {
  const response = await demo.request("PUT", `/api/routes/${name}`, { body });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json as Json;
};
const send = async (
  target: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => {
  const response = await demo.request("POST", `/api/gateways/${target}/send`, {
    body: { to: "+4915112345", message: "Your code is 123456", ...body },
    headers,
  });
  return { status: response.status, json: response.json as Json };
};
const health = async (name: string) =>
  ((await demo.request("GET", `/api/gateways/${name}/health`)).json as { breaker?: { state: string } })
    .breaker;

describe("routes API", () => {
  it("creates, lists, reads and deletes a route; refuses unknown gateways (422) and deleting a used gateway (409)", async () => {
    await putGateway("a");
    await putGateway("b");
    const saved = await putRoute("otp", { gateways: ["a", { name: "b" }], description: "OTP" });
    expect(saved).toMatchObject({ name: "otp", strategy: "failover", onUnknown: "stop", revision: 1 });
    expect(((await demo.request("GET", "/api/routes")).json as Json[]).map((route) => route.name)).toEqual([
      "otp",
    ]);
    expect((await demo.request("GET", "/api/routes/otp")).json).toMatchObject({
      gateways: [{ name: "a" }, { name: "b" }],
    });
    const refused = await demo.request("PUT", "/api/routes/bad", { body: { gateways: ["a", "nope"] } });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ code: "SMSKIT_E_ROUTE_INVALID", issues: [{ key: "gateways[1]" }] });
    const inUse = await demo.request("DELETE", "/api/gateways/a");
    expect(inUse.status).toBe(409);
    expect(inUse.json).toMatchObject({ code: "SMSKIT_E_GATEWAY_IN_USE" });
    expect((await demo.request("DELETE", "/api/routes/otp")).status).toBe(204);
    expect((await demo.request("GET", "/api/routes/otp")).status).toBe(404);
  });

  it("round-robin spreads the first attempts evenly over many sends in one process", async () => {
    await putGateway("a");
    await putGateway("b");
    await putGateway("c");
    await putRoute("spread", { strategy: "round-robin", gateways: ["a", "b", "c"] });
    const before = ["a", "b", "c"].map((name) => sink(name).requests.length);
    for (let index = 0; index < 30; index++) expect((await send("spread")).status).toBe(200);
    const after = ["a", "b", "c"].map((name, index) => sink(name).requests.length - (before[index] ?? 0));
    expect(after).toEqual([10, 10, 10]);
  });

  it("weighted draws the first gateway by weight", async () => {
    await putRoute("weighted", {
      strategy: "weighted",
      gateways: [
        { name: "a", weight: 3 },
        { name: "b", weight: 1 },
      ],
    });
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let index = 0; index < 400; index++) {
      const { json } = await send("weighted");
      counts[String(json.gateway)] = (counts[String(json.gateway)] ?? 0) + 1;
    }
    // Expected 300 : 100; the bounds are seven standard deviations wide.
    expect(counts.a).toBeGreaterThan(240);
    expect(counts.a).toBeLessThan(360);
    expect((counts.a ?? 0) + (counts.b ?? 0)).toBe(400);
  });

  it("a circuit breaker opens after consecutive failures, skips, lets one probe through and closes", async () => {
    const failing = sink("c");
    failing.respond({ status: 503, body: "down" });
    await putGateway("flaky", "c", { breaker: { failures: 2, windowSeconds: 60, cooldownSeconds: 0.3 } });
    await putGateway("b");
    await putRoute("guarded", { gateways: ["flaky", "b"] });
    const start = failing.requests.length;
    for (let index = 0; index < 2; index++) {
      const { json } = await send("guarded");
      expect(json.attempts).toMatchObject([
        { gateway: "flaky", outcome: "failed" },
        { gateway: "b", outcome: "sent" },
      ]);
    }
    expect(await health("flaky")).toMatchObject({ state: "open", consecutiveFailures: 2 });
    expect((await demo.request("GET", "/metrics")).text).toContain(
      'smskit_gateway_circuit_state{gateway="flaky"} 2',
    );
    const skipped = await send("guarded");
    expect(skipped.json.attempts).toEqual([
      { gateway: "flaky", outcome: "skipped", reason: "circuit open" },
      { gateway: "b", outcome: "sent", tries: 1 },
    ]);
    const direct = await send("flaky");
    expect(direct.status).toBe(503);
    expect(direct.json).toMatchObject({ code: "SMSKIT_E_CIRCUIT_OPEN", retrySafe: true });
    expect(failing.requests.length - start).toBe(2);

    while ((await health("flaky"))?.state !== "half-open")
      await new Promise((resolve) => setTimeout(resolve, 50));
    failing.respond({ body: "OK again", delayMs: 300 });
    const [probe, other] = await Promise.all([send("guarded"), send("guarded")]);
    const outcomes = [probe, other].map((result) => result.json.attempts?.[0]?.outcome).sort();
    expect(outcomes).toEqual(["sent", "skipped"]);
    expect(failing.requests.length - start).toBe(3);
    expect(await health("flaky")).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect((await send("guarded")).json.gateway).toBe("flaky");
  });

  it("a rate limit holds: a send that would wait past its deadline fails fast, retry-safe, and a route moves on", async () => {
    await putGateway("limited", "a", { rateLimit: 1 });
    await putGateway("b");
    await putRoute("limited-route", { gateways: ["limited", "b"] });
    const before = sink("a").requests.length;
    expect((await send("limited", { timeoutMs: 300 })).status).toBe(200);
    const second = await send("limited", { timeoutMs: 300 });
    expect(second.status).toBe(429);
    expect(second.json).toMatchObject({ code: "SMSKIT_E_RATE_LIMITED", retrySafe: true });
    const routed = await send("limited-route", { timeoutMs: 300 });
    expect(routed.json.attempts).toMatchObject([
      { gateway: "limited", outcome: "failed", code: "SMSKIT_E_RATE_LIMITED" },
      { gateway: "b", outcome: "sent" },
    ]);
    expect(sink("a").requests.length - before).toBe(1);
  });

  it("retries a definite failure up to the policy's count, then fails over", async () => {
    const failing = sink("c");
    failing.respond({ status: 500, body: "oops" });
    await putGateway("retrying", "c", { retries: 2 });
    await putRoute("retry-route", { gateways: ["retrying", "b"] });
    const before = failing.requests.length;
    const { json } = await send("retry-route");
    expect(json.attempts).toMatchObject([
      { gateway: "retrying", outcome: "failed", tries: 3 },
      { gateway: "b", outcome: "sent" },
    ]);
    expect(failing.requests.length - before).toBe(3);
  });

  it("never retries after an unknown outcome (a timeout after the request went out)", async () => {
    const hanging = sink("c");
    hanging.respond({ hang: true });
    await putGateway("slow", "c", { retries: 3 }, { TIMEOUT: 0.3 });
    const before = hanging.requests.length;
    const { status, json } = await send("slow");
    expect(status).toBe(502);
    expect(json).toMatchObject({
      code: "SMSKIT_E_HTTP_TIMEOUT",
      deliveryUnknown: true,
      attempts: [{ gateway: "slow", outcome: "unknown" }],
    });
    expect(json.attempts?.[0]?.tries).toBeUndefined();
    expect(hanging.requests.length - before).toBe(1);
    hanging.respond({ body: "OK c" });
  });

  it("an Idempotency-Key repeat answers the first result without sending; another message with it answers 409", async () => {
    await putGateway("a");
    const before = sink("a").requests.length;
    const first = await send("a", {}, { "idempotency-key": "order-7" });
    const again = await send("a", {}, { "idempotency-key": "order-7" });
    expect(first.status).toBe(200);
    expect(again.json).toMatchObject({ gateway: "a", replayed: true, attempts: first.json.attempts });
    expect(sink("a").requests.length - before).toBe(1);
    const conflict = await send("a", { message: "Your code is 999999" }, { "idempotency-key": "order-7" });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ code: "SMSKIT_E_IDEMPOTENCY_CONFLICT" });
    expect(sink("a").requests.length - before).toBe(1);
  });
});
