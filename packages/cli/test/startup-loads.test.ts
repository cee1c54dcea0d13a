import type { AppDirectory } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedApp, firstPartyProviders } from "./support/linked-app.js";
import { smskit } from "./support/spawn-cli.js";

/** Loaded only when a command needs them: a schema compiler, semver, the SQLite store. */
const heavy = ["ajv", "semver", "node:sqlite"];
const marker = "loaded-module:";

/** A module hook that prints every module the command resolves to standard error at its end. */
const hook = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from "node:module";
const urls = new Set();
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); urls.add(result.url); return result; } });
process.on("exit", () => { for (const url of urls) process.stderr.write("${marker}" + url + "\\n"); });
`)}`;

/** Which of `heavy` the command loaded, and its standard error without the hook's lines. */
async function heavyLoaded(argv: readonly string[], cwd: string) {
  const outcome = await smskit(argv, { cwd, nodeArguments: ["--import", hook] });
  const lines = outcome.stderr.split("\n");
  const urls = lines.filter((line) => line.startsWith(marker)).map((line) => line.slice(marker.length));
  return {
    code: outcome.code,
    stderr: lines.filter((line) => !line.startsWith(marker)).join("\n"),
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

  it("lists the six providers without loading ajv, semver or SQLite", async () => {
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
