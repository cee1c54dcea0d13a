#!/usr/bin/env node
// Remove build outputs whose source is gone: `tsc --build` never deletes dist/x.js (and its
// .d.ts and maps) after src/x.ts was deleted or renamed, so a checkout that built an older
// commit would pack and publish them. Runs before the build in `npm test`; prints what it removed.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { root, workspacePackages } from "./workspace-packages.mjs";

const outputSuffixes = [".d.ts.map", ".js.map", ".d.ts", ".js"];
let removed = 0;
for (const directory of workspacePackages()) {
  const dist = join(directory, "dist");
  const src = join(directory, "src");
  if (!existsSync(dist) || !existsSync(src)) continue;
  for (const file of filesBelow(dist)) {
    const suffix = outputSuffixes.find((ending) => file.endsWith(ending));
    if (!suffix) continue;
    const stem = relative(dist, file).slice(0, -suffix.length);
    const sources = [".ts", ".tsx", ".mts", ".d.ts"].map((ending) => join(src, `${stem}${ending}`));
    if (sources.some((source) => existsSync(source))) continue;
    rmSync(file);
    removed++;
    console.log(`removed ${relative(root, file)} (no ${relative(root, join(src, `${stem}.ts`))})`);
  }
}
console.log(`${removed} stale build output(s) removed`);

function filesBelow(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}
