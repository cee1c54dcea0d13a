import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { smskit } from "./support/spawn-cli.js";

describe("smskit --store postgres://…", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  it("without @smskit/store-postgres installed, says which package to install and changes nothing", async () => {
    const url = "postgres://smskit:hunter2@127.0.0.1:9/smskit";
    // A process of its own, with no NODE_PATH: as installed, the CLI finds only what the application
    // (or the CLI's own folder) has installed — here neither has the PostgreSQL store.
    for (const [argv, env] of [
      [["gateway", "list", "--store", url], {}],
      [["gateway", "list"], { SMSKIT_STORE: url }],
    ] as const) {
      const result = await smskit(argv, { cwd: app.directory, env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("needs the package @smskit/store-postgres");
      expect(result.stderr).toContain("npm install @smskit/store-postgres");
      expect(result.stderr).toContain("SMSKIT_E_STORE");
      expect(result.stderr).not.toContain("hunter2");
    }
  });
});
