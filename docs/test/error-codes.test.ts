import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { docsRoot, renderSitePages } from "../scripts/site-pages.mjs";

const repository = join(docsRoot, "..");
const site = await renderSitePages();
const { coreErrors } = await import("@smskit/provider");
const { cliErrors } = await import("@smskit/cli");

/** Every source file of the workspace's packages, plugins and apps (no tests, no build output). */
function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    // create-provider is a scaffold: its SMSKIT_E_ACME codes are a placeholder for a new provider's.
    if (["node_modules", "dist", "test", ".test-results", "create-provider"].includes(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

/** Every definition the error page is made of, by code. */
async function allDefinitions(): Promise<Map<string, { status: number }>> {
  const demoEntry = join(repository, "apps", "demo", "dist", "demo-errors.js");
  const { demoErrors } = await import(demoEntry);
  const definitions = new Map<string, { status: number }>();
  const catalogues = [
    coreErrors,
    cliErrors,
    demoErrors,
    ...site.providers.map((p) => p.manifest.errors ?? {}),
  ];
  for (const catalogue of catalogues) {
    for (const [code, definition] of Object.entries(catalogue as Record<string, { status: number }>)) {
      expect(definitions.has(code), `${code} is defined twice`).toBe(false);
      definitions.set(code, definition);
    }
  }
  return definitions;
}

describe("the error codes", () => {
  it("thrown anywhere in the sources are each defined in one catalogue", async () => {
    const definitions = await allDefinitions();
    const undefinedCodes: string[] = [];
    for (const root of ["packages", "plugins", "apps"]) {
      for (const file of sourceFiles(join(repository, root))) {
        // A code ending in `_` is a prefix (`SMSKIT_E_SEND_…`, `SMSKIT_E_FIREBASE_CONFIG_${string}`), not a code.
        // Doc comments name examples (`SMSKIT_E_X`); only code counts.
        const code = readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
          .join("\n");
        for (const [literal] of code.matchAll(/SMSKIT_E_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_])/g)) {
          if (!definitions.has(literal)) undefinedCodes.push(`${literal} (${relative(repository, file)})`);
        }
      }
    }
    expect(undefinedCodes).toEqual([]);
    expect(definitions.size).toBeGreaterThan(80);
  });

  it("are all on the error page, each with the HTTP status of its definition", async () => {
    const page = site.pages.get("errors.md") ?? "";
    for (const [code, { status }] of await allDefinitions()) {
      expect(page, code).toMatch(new RegExp(`^\\| \`${code}\` \\|.* \\| ${status} \\|$`, "m"));
    }
  });
});
