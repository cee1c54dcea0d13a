// Pack every public workspace package once, the way `pnpm publish` would (workspace:
// ranges replaced), into one directory: the tarballs that the checks and the end-to-end
// install read.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publicPackages, root } from "../workspace-packages.mjs";

const packageManager = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;

/**
 * Pack the public packages into `destination` (default: a new temporary directory) and
 * return `{ name, version, directory, tarball, files }` for each (`files`: the paths inside
 * the tarball, relative to the package root).
 */
export function packPublicPackages(destination = mkdtempSync(join(tmpdir(), "smskit-tarballs-"))) {
  const packages = publicPackages();
  const filters = packages.flatMap((entry) => ["--filter", entry.name]);
  const result = spawnSync(
    "npx",
    ["--yes", packageManager, "-r", ...filters, "pack", "--pack-destination", destination, "--json"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`pnpm pack failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
  }
  const packed = [JSON.parse(result.stdout)].flat();
  return packages.map((entry) => {
    const tarball = packed.find((item) => item.name === entry.name);
    if (!tarball) throw new Error(`pnpm pack made no tarball of ${entry.name}`);
    return { ...entry, tarball: tarball.filename, files: tarball.files.map((file) => file.path).sort() };
  });
}
