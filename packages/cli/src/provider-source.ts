import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { type DiscoveryFailure, discoverProviders, findApplicationDirectory } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";

/** The name of the package that depends on the CLI and every first-party provider. */
const bundlePackage = "smskit";

type Container = Parameters<typeof discoverProviders>[0];

/** Where the providers of a command came from. */
export type ProviderSource =
  /** The application's package.json: `--app`, `$SMSKIT_APP`, or the nearest one from the current directory upward. */
  | { readonly kind: "application"; readonly directory: string; readonly explicit: boolean }
  /** The package that bundles providers (`smskit`: the one running, or the one the application depends on), because no application with providers was found. */
  | { readonly kind: "bundled"; readonly directory: string; readonly application: string | undefined }
  /** Nothing: no application, or one that lists no provider, and no bundle. */
  | { readonly kind: "none"; readonly application: string | undefined; readonly searchedFrom: string };

/** What discovery registered in the container, and what it could not load. */
export interface CliDiscovery {
  readonly source: ProviderSource;
  readonly failures: readonly DiscoveryFailure[];
}

/**
 * Register the providers a command works with in `container`. The application is the one
 * `--app DIR` or `$SMSKIT_APP` names (exactly that one), else the nearest directory with a
 * package.json from the current directory upward. Its dependencies and devDependencies are
 * searched, resolved from its own node_modules. When it was not named explicitly and lists
 * no provider package at all (none loaded, none failed), the bundle's providers are used:
 * `io.bundledPackageJson` (set by the `smskit` package's executable), else the `smskit`
 * package the application depends on.
 */
export async function discoverCliProviders(
  container: Container,
  io: CliIo,
  flags: FlagValues,
): Promise<CliDiscovery> {
  const named = io.packageJson ? dirname(resolve(io.cwd, io.packageJson)) : namedApplication(io, flags);
  const application = named ?? findApplicationDirectory(io.cwd);
  const found =
    application === undefined
      ? undefined
      : await discoverFrom(container, io.packageJson ?? join(application, "package.json"));
  if (application !== undefined && found && (found.providers > 0 || found.failures.length > 0)) {
    return {
      source: { kind: "application", directory: application, explicit: named !== undefined },
      failures: found.failures,
    };
  }
  const bundle = named === undefined ? (io.bundledPackageJson ?? installedBundle(application)) : undefined;
  if (bundle !== undefined) {
    const bundled = await discoverFrom(container, bundle);
    return {
      source: { kind: "bundled", directory: dirname(bundle), application },
      failures: bundled.failures,
    };
  }
  return { source: { kind: "none", application, searchedFrom: io.cwd }, failures: found?.failures ?? [] };
}

/**
 * The package.json of the everything-package (`smskit`) when the application depends on it:
 * then both executables named `smskit` (this package's and the bundle's, only one of which
 * npm links into node_modules/.bin) offer the same providers.
 */
function installedBundle(application: string | undefined): string | undefined {
  if (application === undefined) return undefined;
  const manifest = join(application, "package.json");
  let declared: Record<string, Record<string, string> | undefined>;
  try {
    declared = JSON.parse(readFileSync(manifest, "utf8"));
  } catch {
    return undefined;
  }
  const listed = ["dependencies", "devDependencies", "optionalDependencies"].some(
    (field) => declared[field]?.[bundlePackage] !== undefined,
  );
  if (!listed) return undefined;
  try {
    return createRequire(manifest).resolve(`${bundlePackage}/package.json`);
  } catch {
    return undefined;
  }
}

/** The directory `--app` or `$SMSKIT_APP` names, checked to hold a package.json. */
function namedApplication(io: CliIo, flags: FlagValues): string | undefined {
  const fromFlag = flags.app !== undefined;
  const given = flags.app ?? (io.env.SMSKIT_APP === "" ? undefined : io.env.SMSKIT_APP);
  if (given === undefined) return undefined;
  const directory = resolve(io.cwd, given);
  if (!existsSync(join(directory, "package.json"))) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: `${fromFlag ? "--app" : "SMSKIT_APP"} names ${directory}, which holds no package.json; give the directory of the application whose providers smskit should use`,
    });
  }
  return directory;
}

async function discoverFrom(
  container: Container,
  packageJson: string,
): Promise<{ providers: number; failures: readonly DiscoveryFailure[] }> {
  try {
    const result = await discoverProviders(container, { packageJson, includeDevDependencies: true });
    return { providers: result.providers.length, failures: result.failures };
  } catch (error) {
    throw coreErrors.SMSKIT_E_DISCOVERY_IMPORT.create(
      { problem: `cannot read the providers from ${packageJson}: ${(error as Error).message}` },
      { cause: error },
    );
  }
}
