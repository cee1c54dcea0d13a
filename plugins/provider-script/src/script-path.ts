import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { ProviderResources } from "@smskit/provider";

/** A script that passed every check: where it really is. */
export interface ResolvedScript {
  /** The script's real path (symlinks resolved), inside the script directory. */
  readonly path: string;
}

/** Why a script name was refused: a sentence starting with the quoted name, naming the directory. */
export interface ScriptProblem {
  readonly problem: string;
}

/**
 * Resolve a script name inside the script directory, refusing anything that could run a file
 * outside it or that cannot run: a name with `/`, `..` or NUL, a path that resolves (after
 * symlinks) outside the directory, a missing file, a directory, a file without execute permission.
 */
export async function resolveScript(
  directory: string,
  name: string,
): Promise<ResolvedScript | ScriptProblem> {
  if (name === "" || name.includes("/") || name.includes("..") || name.includes("\u0000")) {
    return {
      problem: `${describe(name)} is not a plain file name; give the name of a file directly inside the script directory ${directory} (no '/', '..' or NUL)`,
    };
  }
  let realDirectory: string;
  try {
    realDirectory = await realpath(directory);
  } catch {
    return {
      problem: `${describe(name)} cannot be looked up: the script directory ${directory} does not exist or cannot be read; create it or point SMSKIT_SCRIPT_DIR / --script-dir at the right one`,
    };
  }
  let realScript: string;
  try {
    realScript = await realpath(join(realDirectory, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "unknown error"})`;
    return { problem: `${describe(name)} ${reason} in the script directory ${directory}` };
  }
  if (!realScript.startsWith(realDirectory.endsWith(sep) ? realDirectory : realDirectory + sep)) {
    return {
      problem: `${describe(name)} resolves to ${realScript}, outside the script directory ${directory}; put the script itself into the directory`,
    };
  }
  const info = await stat(realScript).catch(() => undefined);
  if (!info?.isFile()) {
    return { problem: `${describe(name)} in the script directory ${directory} is not a regular file` };
  }
  try {
    await access(realScript, constants.X_OK);
  } catch {
    return {
      problem: `${describe(name)} in the script directory ${directory} is not executable; make it executable (chmod 0755)`,
    };
  }
  return { path: realScript };
}

/** Whether a resolution failed. */
export function isScriptProblem(value: ResolvedScript | ScriptProblem): value is ScriptProblem {
  return "problem" in value;
}

function describe(name: string): string {
  return JSON.stringify(name);
}

/** Where scripts live when the application names no `directory` resource `scripts`. */
const defaultScriptDirectory = "/etc/smskit/scripts";

/** The application's script directory: the `directory` resource named `scripts` (core sets it from `scriptDirectory`). */
export async function scriptDirectoryOf(resources: ProviderResources): Promise<string> {
  const directory = await resources.get<unknown>("directory", "scripts");
  return typeof directory === "string" && directory !== "" ? directory : defaultScriptDirectory;
}
