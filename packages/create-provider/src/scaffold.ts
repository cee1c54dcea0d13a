import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderParameterTable } from "@smskit/docgen";
import { scaffoldManifest, scaffoldVersions } from "./package-manifest.js";

/** A provider id as core accepts it (core's `providerIdPattern`; a test keeps the two equal). */
export const providerIdPattern = /^[a-z][a-z0-9-]{0,39}$/;

/** An npm package name, scoped or not. */
const packageNamePattern = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** The template's own files, shipped with this package. */
export const templateDirectory = fileURLToPath(new URL("../template/", import.meta.url));

/** What to scaffold. */
export interface ScaffoldOptions {
  /** The provider id gateway definitions name, e.g. `acme`. */
  readonly id: string;
  /** The display name, e.g. `Acme SMS`. */
  readonly name: string;
  /** The directory to create (it must not exist or be empty). */
  readonly directory: string;
  /** The npm package name (default `smskit-provider-<id>`, under `@<scope>/` with `scope`). */
  readonly packageName?: string;
  readonly scope?: string;
  /** The LICENSE's copyright holder (default: `the <name> authors`). */
  readonly author?: string;
  readonly year?: number;
}

/** A scaffold request that cannot be carried out; nothing was written. */
export class ScaffoldError extends Error {}

/** Why the options cannot be scaffolded, or undefined. */
export function invalidOption(options: Partial<ScaffoldOptions>): string | undefined {
  if (options.id !== undefined && !providerIdPattern.test(options.id))
    return `the id '${options.id}' is not a provider id: a lower-case letter, then up to 39 lower-case letters, digits or '-' (e.g. acme, acme-sms)`;
  if (options.name !== undefined && options.name.trim() === "") return "the name must not be empty";
  if (options.name !== undefined && /[\n\r"`\\]/.test(options.name))
    return "the name must not contain quotes, backticks, backslashes or line breaks";
  if (options.scope !== undefined && !/^@?[a-z0-9][a-z0-9._-]*$/.test(options.scope))
    return `the scope '${options.scope}' is not an npm scope (e.g. @acme)`;
  if (options.packageName !== undefined && !packageNamePattern.test(options.packageName))
    return `the package name '${options.packageName}' is not an npm package name`;
  return undefined;
}

/** The package name the options mean. */
export function packageNameOf(options: Pick<ScaffoldOptions, "id" | "packageName" | "scope">): string {
  if (options.packageName) return options.packageName;
  const base = `smskit-provider-${options.id}`;
  return options.scope ? `@${options.scope.replace(/^@/, "")}/${base}` : base;
}

/** Files whose names npm would drop from this package's tarball are stored under another name. */
const storedAs: Record<string, string> = { _gitignore: ".gitignore", _changeset: ".changeset" };

/**
 * Write a provider package into `options.directory`: the template with the id and names put in,
 * its package.json, and a README whose parameter table is generated from the schema.
 * Returns the paths written, relative to the directory.
 */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const problem = invalidOption(options);
  if (problem) throw new ScaffoldError(problem);
  const target = options.directory;
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0))
    throw new ScaffoldError(`${target} is not empty; choose a new or an empty directory`);
  const packageName = packageNameOf(options);
  const author = options.author?.trim() || `the ${options.name} authors`;
  const replace = substitutions({ ...options, packageName, author });
  const files = templateFiles(templateDirectory);
  const { fillReadme } = (await import(
    pathToFileURL(join(templateDirectory, "scripts", "readme.mjs")).href
  )) as { fillReadme: (readme: string, table: string) => string };
  const { provider } = (await import(new URL("../template/dist/index.js", import.meta.url).href)) as {
    provider: Parameters<typeof renderParameterTable>[0];
  };
  const written: string[] = [];
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    const path = file
      .split("/")
      .map((part) => storedAs[part] ?? part)
      .join("/");
    let text = replace(readFileSync(join(templateDirectory, file), "utf8"));
    if (path === "README.md") text = fillReadme(text, renderParameterTable(provider));
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
    written.push(path);
  }
  const manifest = scaffoldManifest({
    packageName,
    id: options.id,
    name: options.name,
    author,
    versions: scaffoldVersions(),
  });
  writeFileSync(join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  written.push("package.json");
  return written.sort();
}

/** The template's files, relative to it, with `/` separators. */
function templateFiles(directory: string, base = directory): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.name === "node_modules" || entry.name === "dist") return [];
    return entry.isDirectory() ? templateFiles(path, base) : [relative(base, path).split("\\").join("/")];
  });
}

/** Puts the id, names and author where the template says acme, Acme SMS, … */
function substitutions(options: ScaffoldOptions & { packageName: string; author: string }) {
  const codePrefix = `SMSKIT_E_${options.id.toUpperCase().replaceAll("-", "_")}`;
  const values: Record<string, string> = {
    "smskit-provider-acme": options.packageName,
    SMSKIT_E_ACME: codePrefix,
    "Acme SMS": options.name,
    Acme: options.name,
    acme: options.id,
    "YEAR AUTHOR": `${options.year ?? new Date().getFullYear()} ${options.author}`,
  };
  const pattern = /smskit-provider-acme|SMSKIT_E_ACME|Acme SMS|Acme|acme|YEAR AUTHOR/g;
  return (text: string) => text.replace(pattern, (match) => values[match] as string);
}
