import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const docsRoot = join(import.meta.dirname, "..");
const vitepress = join(
  createRequire(join(docsRoot, "package.json")).resolve("vitepress/package.json"),
  "..",
  "bin",
  "vitepress.js",
);
// Inside the docs package, so that the scratch site resolves VitePress's own dependencies.
await mkdir(join(docsRoot, ".test-results"), { recursive: true });
const scratch = await mkdtemp(join(docsRoot, ".test-results", "dead-links-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Build a two-page site with the docs' own configuration; the result of `vitepress build`. */
async function buildWith(link: string) {
  const root = join(scratch, `site-${Math.random().toString(36).slice(2)}`);
  await mkdir(join(root, ".vitepress"), { recursive: true });
  const config = pathToFileURL(join(docsRoot, ".vitepress", "config.mts")).href;
  await writeFile(
    join(root, ".vitepress", "config.mts"),
    `import config from ${JSON.stringify(config)};\nexport default { ...config, themeConfig: { ...config.themeConfig, sidebar: [], nav: [] } };\n`,
  );
  await writeFile(join(root, "index.md"), `# Start\n\nSee [the other page](${link}).\n`);
  await writeFile(join(root, "other.md"), "# Other\n");
  return spawnSync(process.execPath, [vitepress, "build", root], { encoding: "utf8", timeout: 110_000 });
}

describe("the docs' VitePress configuration", () => {
  it("fails the build on a dead link, and builds the same site without it", async () => {
    const dead = await buildWith("./missing.md");
    expect(dead.status).not.toBe(0);
    expect(`${dead.stdout}${dead.stderr}`).toMatch(/dead link/i);
    expect(`${dead.stdout}${dead.stderr}`).toContain("missing");

    const fine = await buildWith("./other.md");
    expect(fine.stderr).not.toMatch(/dead link/i);
    expect(fine.status).toBe(0);
  });
});
