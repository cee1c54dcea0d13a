import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// docs/writing-a-provider.md shows the template's files by VitePress snippet includes
// (`<<< @/../packages/create-provider/template/…`), so the page's code is the template's.
const docs = fileURLToPath(new URL("../../../docs/", import.meta.url));
const page = readFileSync(`${docs}writing-a-provider.md`, "utf8");
const included = [...page.matchAll(/^<<< @\/(\S+?)(?:\{[^}]*\})?$/gm)].map((match) => match[1] as string);

describe("docs/writing-a-provider.md", () => {
  it("includes the template's code files themselves", () => {
    expect(included).toEqual([
      "../packages/create-provider/template/src/index.ts",
      "../packages/create-provider/template/tsconfig.json",
      "../packages/create-provider/template/test/conformance.test.ts",
      "../packages/create-provider/template/scripts/readme.mjs",
    ]);
    for (const path of included) expect(existsSync(`${docs}${path}`), path).toBe(true);
  });

  it("copies no provider code by hand into a fenced block", () => {
    const fenced = [...page.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
    expect(fenced.length).toBeGreaterThan(0);
    for (const block of fenced)
      expect(block).not.toMatch(/defineProvider|testProvider|renderParameterTable\(/);
  });

  it("names the scaffold's commands and the field discovery reads", () => {
    expect(page).toContain('npm create @smskit/provider -- --id acme --name "Acme SMS"');
    expect(page).toContain('"smskit": { "provider": "./dist/index.js" }');
  });
});
