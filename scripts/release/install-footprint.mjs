#!/usr/bin/env node
// What an application installs, as a user would: in a new folder outside the workspace,
// plain `npm install` of the packed tarballs — every smskit package mapped to its tarball by
// `overrides`, third-party packages from the registry (or npm's cache). Prints the number of
// installed packages, the size of node_modules, which heavy SDKs are there and what
// `smskit providers --json` lists.
//
//   node scripts/release/install-footprint.mjs [--tarballs DIR] [--check] [packages…]
//
// Default packages: @smskit/core @smskit/cli @smskit/provider-http. `--tarballs DIR` reuses
// the tarballs check-packages.mjs left there (packed.json), else every public package is
// packed first. `--check` (the `npm test` step) fails unless the providers are exactly
// `http` and firebase-admin, nodemailer and smpp are not installed. `--journey` (also in
// `npm test`) then walks the third-party provider journey of provider-journey.mjs in the app.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { packPublicPackages } from "./pack.mjs";
import { providerJourney } from "./provider-journey.mjs";

const { values, positionals } = parseArgs({
  options: { tarballs: { type: "string" }, check: { type: "boolean" }, journey: { type: "boolean" } },
  allowPositionals: true,
});
const wanted =
  positionals.length > 0 ? positionals : ["@smskit/core", "@smskit/cli", "@smskit/provider-http"];
const heavy = ["firebase-admin", "nodemailer", "smpp"];
const started = performance.now();
const packed = values.tarballs
  ? JSON.parse(readFileSync(join(values.tarballs, "packed.json"), "utf8"))
  : packPublicPackages();
const app = mkdtempSync(join(tmpdir(), "smskit-footprint-"));
let problems = [];
try {
  const tarballs = Object.fromEntries(packed.map((entry) => [entry.name, `file:${entry.tarball}`]));
  const dependencies = Object.fromEntries(wanted.map((name) => [name, tarballs[name] ?? name]));
  const manifest = {
    name: "footprint-app",
    private: true,
    type: "module",
    dependencies,
    overrides: tarballs,
  };
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = spawnSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: app, encoding: "utf8" },
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  const modules = join(app, "node_modules");
  const count = installedPackages(modules).length;
  const onDisk = Number(spawnSync("du", ["-sk", modules], { encoding: "utf8" }).stdout.split("\t")[0]);
  const present = heavy.filter((name) => existsSync(join(modules, name)));
  const listed = spawnSync("npx", ["--no-install", "smskit", "providers", "--json"], {
    cwd: app,
    encoding: "utf8",
  });
  const providers = listed.status === 0 ? JSON.parse(listed.stdout).map((provider) => provider.id) : [];
  console.log(`npm install ${wanted.join(" ")} (from the packed tarballs, outside the workspace):`);
  console.log(
    `  ${count} packages in node_modules, ${(directorySize(modules) / 1024 / 1024).toFixed(1)} MB of files, ${(onDisk / 1024).toFixed(1)} MB on disk (du)`,
  );
  console.log(
    `  heavy SDKs installed: ${present.length > 0 ? present.join(", ") : "none"} (of ${heavy.join(", ")})`,
  );
  console.log(
    `  smskit providers --json: ${JSON.stringify(providers)}${listed.status === 0 ? "" : ` (${listed.stderr.trim()})`}`,
  );
  if (values.check) {
    if (JSON.stringify(providers) !== JSON.stringify(["http"]))
      problems.push("smskit providers should list exactly http");
    if (present.length > 0)
      problems.push(`${present.join(", ")} should not be installed with only the http provider`);
  }
  if (values.journey) {
    console.log(
      "a third-party provider: npm create @smskit/provider → npm install, test, pack → the app installs it:",
    );
    problems.push(...(await providerJourney(app, tarballs)));
  }
} catch (error) {
  problems = [error.message];
} finally {
  rmSync(app, { recursive: true, force: true });
  if (!values.tarballs) rmSync(join(packed[0].tarball, ".."), { recursive: true, force: true });
}
for (const problem of problems) console.log(`  - ${problem}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(problems.length === 0 ? `  ok (${seconds} s)` : `  FAIL (${seconds} s)`);
process.exit(problems.length === 0 ? 0 : 1);

/** Every package directory below node_modules (scoped and nested ones too). */
function installedPackages(modules) {
  const found = [];
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const directory = join(modules, entry.name);
    const items = entry.name.startsWith("@")
      ? readdirSync(directory).map((name) => join(directory, name))
      : [directory];
    for (const item of items) {
      if (!existsSync(join(item, "package.json"))) continue;
      found.push(item, ...installedPackages(join(item, "node_modules")));
    }
  }
  return found;
}

function directorySize(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + directorySize(join(path, name)), 0);
}
