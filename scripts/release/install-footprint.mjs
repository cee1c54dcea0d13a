#!/usr/bin/env node
// What an application installs, measured as a user would: pack every public package, then
// in a new folder outside the workspace `npm install` the packages named on the command line
// (default: @smskit/core @smskit/cli @smskit/provider-http) with plain npm, every smskit
// package mapped to its tarball by `overrides` (third-party packages come from the registry).
// Prints the number of installed packages, the size of node_modules and what
// `smskit providers --json` lists. Not part of `npm test`: it needs the registry.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packPublicPackages } from "./pack.mjs";

const wanted =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ["@smskit/core", "@smskit/cli", "@smskit/provider-http"];
const packed = packPublicPackages();
const app = mkdtempSync(join(tmpdir(), "smskit-footprint-"));
try {
  const tarballs = Object.fromEntries(packed.map((entry) => [entry.name, `file:${entry.tarball}`]));
  const dependencies = Object.fromEntries(wanted.map((name) => [name, tarballs[name] ?? name]));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      { name: "footprint-app", private: true, type: "module", dependencies, overrides: tarballs },
      null,
      2,
    ),
  );
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: app,
    encoding: "utf8",
  });
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  const modules = join(app, "node_modules");
  const names = installedPackages(modules);
  console.log(`npm install ${wanted.join(" ")}`);
  const onDisk = spawnSync("du", ["-sk", modules], { encoding: "utf8" }).stdout.split("\t")[0];
  console.log(
    `  ${names.length} packages in node_modules: ${(directorySize(modules) / 1024 / 1024).toFixed(1)} MB of files, ${(Number(onDisk) / 1024).toFixed(1)} MB on disk (du)`,
  );
  for (const heavy of ["firebase-admin", "nodemailer", "smpp", "undici"]) {
    console.log(`  ${heavy}: ${existsSync(join(modules, heavy)) ? "installed" : "not installed"}`);
  }
  const providers = spawnSync("npx", ["--no-install", "smskit", "providers", "--json"], {
    cwd: app,
    encoding: "utf8",
  });
  const ids =
    providers.status === 0 ? JSON.parse(providers.stdout).map((provider) => provider.id) : providers.stderr;
  console.log(`  smskit providers --json: ${JSON.stringify(ids)}`);
} finally {
  rmSync(app, { recursive: true, force: true });
  rmSync(join(packed[0].tarball, ".."), { recursive: true, force: true });
}

/** Every package directory below node_modules (scoped and nested ones too). */
function installedPackages(modules) {
  const found = [];
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const directory = join(modules, entry.name);
    const scoped = entry.name.startsWith("@")
      ? readdirSync(directory).map((name) => join(directory, name))
      : [directory];
    for (const item of scoped) {
      if (!existsSync(join(item, "package.json"))) continue;
      found.push(item);
      found.push(...installedPackages(join(item, "node_modules")));
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
