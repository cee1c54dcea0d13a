// Write the site's generated pages (see site-pages.mjs) and the providers' navigation, from the
// code as it is built. `--check` writes nothing and fails when a page on disk differs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { docsRoot, renderSitePages } from "./site-pages.mjs";

const check = process.argv.includes("--check");
const { pages, navigation } = await renderSitePages();
pages.set(".vitepress/generated/providers.json", `${JSON.stringify(navigation, null, 2)}\n`);

const stale = [];
for (const [path, content] of pages) {
  const file = join(docsRoot, path);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === content) continue;
  if (check) {
    stale.push(path);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
for (const folder of ["providers", "reference"]) {
  if (!existsSync(join(docsRoot, folder))) continue;
  for (const file of readdirSync(join(docsRoot, folder))) {
    const path = `${folder}/${file}`;
    if (pages.has(path)) continue;
    if (check) stale.push(`${path} (no longer generated)`);
    else rmSync(join(docsRoot, path), { recursive: true });
  }
}
if (stale.length > 0) {
  console.error(`generated pages are stale: ${stale.join(", ")}; rebuild the docs (npm run build)`);
  process.exit(1);
}
console.log(check ? `generated pages are current (${pages.size})` : `generated ${pages.size} pages`);
