import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** How one package is installed into the application's node_modules. */
export type InstalledPackage =
  /** A symbolic link to a package directory (how pnpm and `npm link` install). */
  | { readonly link: string }
  /** A package written from files: `package.json` (an object) and any others (their text). */
  | { readonly packageJson: Record<string, unknown>; readonly files?: Readonly<Record<string, string>> };

/** Options of `createAppDirectory`. */
export interface AppDirectoryOptions {
  /** The application's package.json (name, dependencies, …); `private: true` is added. */
  readonly packageJson?: Record<string, unknown>;
  /** What node_modules holds, by package name (`@scope/name` allowed). */
  readonly installed?: Readonly<Record<string, InstalledPackage>>;
  /** A prefix of the temporary directory's name. */
  readonly prefix?: string;
}

/** A throw-away application directory outside any workspace. */
export interface AppDirectory {
  /** The temporary directory holding package.json and node_modules. */
  readonly directory: string;
  /** Delete it with everything in it (links are removed, never followed). */
  remove(): Promise<void>;
}

/**
 * Create an application directory in the system's temporary directory: its package.json and
 * a node_modules with the given packages, linked or written. For tests of how providers are
 * discovered from the application a program runs in.
 */
export async function createAppDirectory(options: AppDirectoryOptions = {}): Promise<AppDirectory> {
  const directory = await mkdtemp(join(tmpdir(), options.prefix ?? "smskit-app-"));
  await writeJson(join(directory, "package.json"), {
    name: "fixture-app",
    private: true,
    ...options.packageJson,
  });
  for (const [name, installed] of Object.entries(options.installed ?? {})) {
    const target = join(directory, "node_modules", name);
    await mkdir(dirname(target), { recursive: true });
    if ("link" in installed) {
      await symlink(installed.link, target, "dir");
      continue;
    }
    await mkdir(target, { recursive: true });
    await writeJson(join(target, "package.json"), installed.packageJson);
    for (const [file, text] of Object.entries(installed.files ?? {})) {
      await mkdir(dirname(join(target, file)), { recursive: true });
      await writeFile(join(target, file), text);
    }
  }
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
