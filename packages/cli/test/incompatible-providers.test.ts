import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { run } from "./support/run.js";

describe("smskit providers with provider packages made for another contract", () => {
  let app: FixtureApp;
  beforeAll(async () => {
    app = await createFixtureApp({ incompatible: true });
  });
  afterAll(async () => {
    await app.remove();
  });

  /** The warning lines, by package. */
  function warnings(stderr: string): Record<string, string> {
    const lines = stderr.trimEnd().split("\n");
    return Object.fromEntries(
      lines.map((line) => [/provider package (\S+) was skipped/.exec(line)?.[1] ?? line, line]),
    );
  }

  it("lists the compatible provider and says, per skipped package, what to upgrade (--json)", async () => {
    const result = await run(app, ["providers", "--json"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }[]).map((provider) => provider.id)).toEqual(["echo"]);
    const byPackage = warnings(result.stderr);
    expect(Object.keys(byPackage).sort()).toEqual(["smskit-provider-future", "smskit-provider-spec-two"]);
    expect(byPackage["smskit-provider-future"]).toMatch(
      /needs @smskit\/provider@"\^2\.0\.0", but this @smskit\/core runs with @smskit\/provider 1\.\d+\.\d+ \(specVersion 1\); upgrade @smskit\/core .*\(SMSKIT_E_PROVIDER_INCOMPATIBLE\)$/,
    );
    expect(byPackage["smskit-provider-spec-two"]).toMatch(
      /specVersion 2 is not supported; this @smskit\/core supports specVersion 1 — upgrade @smskit\/core .*\(SMSKIT_E_MANIFEST_SPEC_VERSION\)$/,
    );
  });

  it("does the same in the table", async () => {
    const result = await run(app, ["providers"]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trimEnd().split("\n").slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(["echo"]);
    expect(Object.keys(warnings(result.stderr)).sort()).toEqual([
      "smskit-provider-future",
      "smskit-provider-spec-two",
    ]);
  });
});
