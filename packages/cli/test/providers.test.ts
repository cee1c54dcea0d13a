import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, echoPackage, type FixtureApp } from "./support/fixture-app.js";
import { run } from "./support/run.js";

describe("smskit providers", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  it("lists the discovered providers as a table", async () => {
    const result = await run(app, ["providers"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [heading, row, ...rest] = result.stdout.trimEnd().split("\n");
    expect(heading?.split(/\s+/)).toEqual(["ID", "KIND", "PACKAGE", "VERSION"]);
    expect(row?.split(/\s+/)).toEqual(["echo", "sms", echoPackage, "1.2.3"]);
    expect(rest).toEqual([]);
  });

  it("prints every provider with its schema as JSON", async () => {
    const result = await run(app, ["providers", "--json"]);
    expect(result.code).toBe(0);
    const providers = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      id: "echo",
      kind: "sms",
      package: echoPackage,
      version: "1.2.3",
      displayName: "Echo test provider",
      optionsAllowed: true,
      headersAllowed: false,
      legacyNames: ["tests.EchoProvider"],
      presets: [{ name: "local" }, { name: "vault", secretOptions: ["account", "pin"] }],
      parameters: {
        type: "object",
        required: ["URL"],
        properties: { PASSWORD: { writeOnly: true }, REGEXP: { format: "phone-rewrite" } },
      },
    });
    expect(typeof providers[0]?.description).toBe("string");
  });

  it("warns on stderr, one line per package, about providers it could not load, and still succeeds", async () => {
    const broken = await createFixtureApp({ broken: true });
    try {
      const result = await run(broken, ["providers", "--json"]);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as { id: string }[]).map((provider) => provider.id)).toEqual([
        "echo",
      ]);
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^smskit: warning: provider package smskit-provider-broken was skipped: .*missing\.js/,
      );
      expect(lines[0]).toMatch(/\(SMSKIT_E_DISCOVERY_IMPORT\)$/);
    } finally {
      await broken.remove();
    }
  });

  it("does not create a store", async () => {
    await run(app, ["providers"]);
    expect(existsSync(join(app.directory, "smskit.db"))).toBe(false);
  });
});
