// The workspace's packages, as scripts/test.mjs and the release checks see them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The directories of every workspace package: packages/*, plugins/*, apps/*, docs and bench. */
export function workspacePackages(base = root) {
  const found = [];
  for (const group of ["packages", "plugins", "apps"]) {
    const directory = join(base, group);
    if (!existsSync(directory)) continue;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(directory, entry.name, "package.json")))
        found.push(join(directory, entry.name));
    }
  }
  for (const single of ["docs", "bench"]) {
    if (existsSync(join(base, single, "package.json"))) found.push(join(base, single));
  }
  return found;
}

/** The packages that get published: `{ name, version, directory, manifest }` of each non-private one. */
export function publicPackages(base = root) {
  return workspacePackages(base)
    .map((directory) => ({ directory, manifest: readManifest(directory) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({
      name: manifest.name,
      version: manifest.version,
      directory,
      manifest,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A package directory's package.json, parsed. */
export function readManifest(directory) {
  return JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
}
