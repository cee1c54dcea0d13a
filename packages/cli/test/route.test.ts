import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { defineHttpGateway, runReal, sentJson } from "./support/http-gateways.js";

describe("smskit route", () => {
  let app: FixtureApp;
  let first: FakeHttpServer;
  let second: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    first = await startHttpServer({ responder: { body: "OK first" } });
    second = await startHttpServer({ responder: { body: "OK second" } });
  });
  afterEach(async () => {
    await Promise.all([first.close(), second.close()]);
    await app.remove();
  });

  const defineBoth = async (firstExtra: readonly string[] = []) => {
    await defineHttpGateway(app, "a", `${first.url}/send`, firstExtra);
    await defineHttpGateway(app, "b", `${second.url}/send`);
  };
  const send = (target: string, to = "+4915112345", extra: readonly string[] = []) =>
    runReal(app, ["send", target, to, "Your code is 123456", "--json", ...extra]);

  it("set, list, show and delete a route; show --json gives the stored definition", async () => {
    await defineBoth();
    const saved = await runReal(app, [
      "route",
      "set",
      "otp",
      "--gateway",
      "a",
      "--gateway",
      "b",
      "--description",
      "one-time passwords",
    ]);
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    expect(saved.stdout).toBe("Saved route 'otp' (failover over 'a', 'b', revision 1).\n");
    const list = await runReal(app, ["route", "list"]);
    expect(list.stdout).toMatch(
      /^NAME\s+STRATEGY\s+GATEWAYS\s+ON UNKNOWN\s+REVISION\s+DESCRIPTION\notp\s+failover\s+a, b\s+stop\s+1\s+one-time passwords\n$/,
    );
    const shown = JSON.parse((await runReal(app, ["route", "show", "otp", "--json"])).stdout) as unknown;
    expect(shown).toMatchObject({
      name: "otp",
      strategy: "failover",
      gateways: [
        { name: "a", weight: 1 },
        { name: "b", weight: 1 },
      ],
      prefixes: [],
      onUnknown: "stop",
      revision: 1,
    });
    expect((await runReal(app, ["route", "delete", "otp"])).stdout).toBe("Deleted route 'otp'.\n");
    const gone = await runReal(app, ["route", "show", "otp"]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain("(SMSKIT_E_ROUTE_NOT_FOUND)");
  });

  it("refuses a route naming an unknown gateway or another route, and a name a gateway has; saves nothing", async () => {
    await defineBoth();
    const unknown = await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "c"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("gateways[1] names the gateway 'c', which is not defined");
    expect(unknown.stderr).toContain("(SMSKIT_E_ROUTE_INVALID)");
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a"])).code).toBe(0);
    const nested = await runReal(app, ["route", "set", "outer", "--gateway", "otp"]);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain("names the route 'otp'; a route lists gateways only");
    const clash = await runReal(app, ["route", "set", "a", "--gateway", "b"]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("'a' is already a gateway");
    const gatewayClash = await runReal(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "http",
      "--param",
      `URL=${first.url}`,
      "--param",
      "HTTP_METHOD=GET",
    ]);
    expect(gatewayClash.code).toBe(2);
    expect(gatewayClash.stderr).toContain("'otp' is already a route");
    const listed = JSON.parse((await runReal(app, ["route", "list", "--json"])).stdout) as unknown[];
    expect(listed).toHaveLength(1);
  });

  it("refuses to delete a gateway a route uses, naming the routes", async () => {
    await defineBoth();
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "b"])).code).toBe(0);
    expect((await runReal(app, ["route", "set", "notify", "--gateway", "b", "--prefix", "+49=a"])).code).toBe(
      0,
    );
    const refused = await runReal(app, ["gateway", "delete", "a"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "smskit: gateway 'a' is used by routes 'notify', 'otp'; remove it from them or delete them first (SMSKIT_E_GATEWAY_IN_USE)\n",
    );
    expect((await runReal(app, ["gateway", "show", "a"])).code).toBe(0);
  });

  it("fails over on a refused connection", async () => {
    const closed = await startHttpServer();
    await closed.close();
    await defineHttpGateway(app, "a", `${closed.url}/send`);
    await defineHttpGateway(app, "b", `${second.url}/send`);
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "b"])).code).toBe(0);
    const result = await send("otp");
    expect(result.code).toBe(0);
    expect(sentJson(result)).toMatchObject({
      gateway: "b",
      route: "otp",
      attempts: [
        { gateway: "a", outcome: "failed", code: "SMSKIT_E_HTTP_CONNECTION_REFUSED" },
        { gateway: "b", outcome: "sent" },
      ],
    });
    expect(second.requests).toHaveLength(1);
  });

  it("fails over on a 5xx answer", async () => {
    first.respond({ status: 503, body: "overloaded" });
    await defineBoth();
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "b"])).code).toBe(0);
    const result = await send("otp");
    expect(result.code).toBe(0);
    expect(sentJson(result).attempts).toMatchObject([
      { gateway: "a", outcome: "failed", code: "SMSKIT_E_HTTP_STATUS" },
      { gateway: "b", outcome: "sent" },
    ]);
    expect([first.requests.length, second.requests.length]).toEqual([1, 1]);
  });

  it("fails over on RETURN_FAIL in the answer", async () => {
    first.respond({ body: "ERROR: no credit left" });
    await defineBoth(["--param", "RETURN_FAIL=ERROR"]);
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "b"])).code).toBe(0);
    const result = await send("otp");
    expect(result.code).toBe(0);
    expect(sentJson(result).attempts).toMatchObject([
      { gateway: "a", outcome: "failed", code: "SMSKIT_E_HTTP_RETURN_FAIL_FOUND" },
      { gateway: "b", outcome: "sent" },
    ]);
  });

  it("stops after a timeout (unknown outcome) by default: the second gateway is never contacted", async () => {
    first.respond({ hang: true });
    await defineBoth(["--param", "TIMEOUT=0.3"]);
    expect((await runReal(app, ["route", "set", "otp", "--gateway", "a", "--gateway", "b"])).code).toBe(0);
    const result = await send("otp");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("(SMSKIT_E_HTTP_TIMEOUT)");
    expect(sentJson(result).error).toMatchObject({
      code: "SMSKIT_E_HTTP_TIMEOUT",
      deliveryUnknown: true,
      attempts: [{ gateway: "a", outcome: "unknown", code: "SMSKIT_E_HTTP_TIMEOUT" }],
    });
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(0);
  });

  it("continues after a timeout with --on-unknown continue", async () => {
    first.respond({ hang: true });
    await defineBoth(["--param", "TIMEOUT=0.3"]);
    const saved = await runReal(app, [
      "route",
      "set",
      "notify",
      "--gateway",
      "a",
      "--gateway",
      "b",
      "--on-unknown",
      "continue",
    ]);
    expect(saved.code).toBe(0);
    const result = await send("notify");
    expect(result.code).toBe(0);
    expect(sentJson(result).attempts).toMatchObject([
      { gateway: "a", outcome: "unknown", code: "SMSKIT_E_HTTP_TIMEOUT" },
      { gateway: "b", outcome: "sent" },
    ]);
    expect(second.requests).toHaveLength(1);
  });

  it("routes by the longest matching prefix, '+' and '00' alike, else by the route's own list", async () => {
    const third = await startHttpServer({ responder: { body: "OK third" } });
    try {
      await defineBoth();
      await defineHttpGateway(app, "berlin", `${third.url}/send`);
      const saved = await runReal(app, [
        "route",
        "set",
        "otp",
        "--gateway",
        "a",
        "--prefix",
        "0049=b",
        "--prefix",
        "+4930=berlin,b",
      ]);
      expect(saved.code).toBe(0);
      const through = async (to: string) => sentJson(await send("otp", to)).gateway;
      expect(await through("+4915112345")).toBe("b");
      expect(await through("004930123456")).toBe("berlin");
      expect(await through("+4930123456")).toBe("berlin");
      expect(await through("+33612345678")).toBe("a");
      expect(await through("4930123")).toBe("a");
      const shown = await runReal(app, ["route", "show", "otp"]);
      expect(shown.stdout).toContain("prefixes:\n  +49=b\n  +4930=berlin,b\n");
    } finally {
      await third.close();
    }
  });

  it("a gateway target reports its single attempt; an unknown target exits 2", async () => {
    await defineBoth();
    const result = await send("a");
    expect(sentJson(result)).toMatchObject({
      gateway: "a",
      attempts: [{ gateway: "a", outcome: "sent", tries: 1 }],
    });
    expect(sentJson(result).route).toBeUndefined();
    const missing = await send("nowhere");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("(SMSKIT_E_GATEWAY_NOT_FOUND)");
  });
});
