import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { defineHttpGateway, runReal } from "./support/http-gateways.js";
import { run } from "./support/run.js";

describe("routes and gateway policies in show, export and import", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  const defineAll = async () => {
    await defineHttpGateway(app, "a", "http://127.0.0.1:9/send", [
      "--rate-limit",
      "20",
      "--retries",
      "2",
      "--breaker",
      "5/60/30",
    ]);
    await defineHttpGateway(app, "b", "http://127.0.0.1:9/other");
    const saved = await runReal(app, [
      "route",
      "set",
      "spread",
      "--strategy",
      "weighted",
      "--gateway",
      "a:3",
      "--gateway",
      "b",
      "--prefix",
      "+49=b,a",
      "--on-unknown",
      "continue",
    ]);
    expect(saved.stderr).toBe("");
  };

  it("gateway show prints the policies, --json holds them; bad policy flags exit 2 and change nothing", async () => {
    await defineAll();
    const shown = await runReal(app, ["gateway", "show", "a"]);
    expect(shown.stdout).toContain("policies: rate limit 20/s, 2 retries, breaker 5/60/30\n");
    const json = JSON.parse((await runReal(app, ["gateway", "show", "a", "--json"])).stdout) as unknown;
    expect(json).toMatchObject({
      policies: {
        rateLimit: 20,
        retries: 2,
        breaker: { failures: 5, windowSeconds: 60, cooldownSeconds: 30 },
      },
    });
    expect((await runReal(app, ["gateway", "show", "b"])).stdout).toContain("policies: none\n");
    for (const [flags, problem] of [
      [["--breaker", "5-60-30"], "--breaker expects FAILURES/WINDOW_S/COOLDOWN_S"],
      [["--rate-limit", "0"], "policies.rateLimit must be a number from 1 to 100000"],
      [["--retries", "1.5"], "policies.retries must be a whole number from 0 to 10"],
    ] as const) {
      const refused = await runReal(app, [
        "gateway",
        "set",
        "a",
        "--provider",
        "http",
        "--param",
        "URL=http://127.0.0.1:9/changed",
        "--param",
        "HTTP_METHOD=GET",
        ...flags,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(problem);
    }
    expect((await runReal(app, ["gateway", "show", "a"])).stdout).toContain("URL=http://127.0.0.1:9/send");
  });

  it("an export with routes and policies imports into another store unchanged", async () => {
    await defineAll();
    const exported = await runReal(app, ["export"]);
    expect(exported.code).toBe(0);
    const document = JSON.parse(exported.stdout) as { routes: Record<string, unknown> };
    expect(document.routes).toEqual({
      spread: {
        description: "",
        strategy: "weighted",
        gateways: [
          { name: "a", weight: 3 },
          { name: "b", weight: 1 },
        ],
        prefixes: [{ prefix: "+49", gateways: ["b", "a"] }],
        onUnknown: "continue",
      },
    });
    const other = join(app.directory, "other.db");
    const imported = await run(app, ["import", "-", "--store", other], {
      stdin: exported.stdout,
      realProviders: true,
    });
    expect(imported.stdout).toContain("  routes:       created 1 (spread), updated 0, unchanged 0\n");
    const again = await run(app, ["export", "--store", other], { realProviders: true });
    expect(JSON.parse(again.stdout)).toEqual(document);
    const repeated = await run(app, ["import", "-", "--store", other, "--json"], {
      stdin: exported.stdout,
      realProviders: true,
    });
    expect(JSON.parse(repeated.stdout)).toMatchObject({ routes: { unchanged: ["spread"] } });
  });

  it("refuses an import whose route names a gateway neither stored nor imported, writing nothing", async () => {
    const document = {
      smskit: 1,
      gateways: {
        a: { provider: "http", parameters: { URL: "http://127.0.0.1:9/send", HTTP_METHOD: "GET" } },
      },
      smtpServers: {},
      routes: { otp: { gateways: ["a", "missing"] } },
    };
    const result = await run(app, ["import", "-", "--store", app.store], {
      stdin: JSON.stringify(document),
      realProviders: true,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "routes.otp.gateways[1] names the gateway 'missing', which is not defined",
    );
    expect(result.stderr).toContain("(SMSKIT_E_IMPORT_INVALID)");
    expect(JSON.parse((await runReal(app, ["gateway", "list", "--json"])).stdout)).toEqual([]);
  });
});
