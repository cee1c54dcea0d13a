import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { AppDirectory } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedApp, firstPartyProviders } from "./support/linked-app.js";
import { smskit } from "./support/spawn-cli.js";

/** Loaded only when a command needs them: a schema compiler, semver, the SQLite store, the progress bar. */
const heavy = ["ajv", "semver", "node:sqlite", "cli-progress"];

/** A module hook that writes every module the command resolves to $LOADED_MODULES at its end. */
const hook = `data:text/javascript,${encodeURIComponent(`
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";
const urls = new Set();
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); urls.add(result.url); return result; } });
process.on("exit", () => writeFileSync(process.env.LOADED_MODULES, [...urls].join("\\n")));
`)}`;

/** Which of `heavy` the command loaded, its exit code and standard error. */
async function heavyLoaded(argv: readonly string[], cwd: string) {
  const record = join(cwd, `loaded-modules-${randomUUID()}.txt`);
  const outcome = await smskit(argv, {
    cwd,
    nodeArguments: ["--import", hook],
    env: { LOADED_MODULES: record },
  });
  const urls = (await readFile(record, "utf8")).split("\n");
  await rm(record);
  return {
    code: outcome.code,
    stderr: outcome.stderr,
    loaded: heavy.filter((name) =>
      urls.some((url) => url === name || url.includes(`/node_modules/${name}/`)),
    ),
  };
}

describe("the cold start of smskit providers", () => {
  let app: AppDirectory;
  beforeAll(async () => {
    app = await createLinkedApp(firstPartyProviders);
  });
  afterAll(async () => {
    await app.remove();
  });

  it("lists the six providers without loading ajv, semver, SQLite or the progress bar", async () => {
    const result = await heavyLoaded(["providers", "--json"], app.directory);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.loaded).toEqual([]);
  });

  it("loads ajv once a command validates parameters", async () => {
    const result = await heavyLoaded(
      ["gateway", "set", "otp", "--provider", "http", "--param", "URL=not a url"],
      app.directory,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/URL/);
    expect(result.loaded).toContain("ajv");
  });
});
