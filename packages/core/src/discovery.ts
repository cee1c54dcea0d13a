import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DependencyContainer } from "tsyringe";
import { findPackageDirectory } from "./application-directory.js";
import { registerProvider } from "./container.js";
import { contractMismatch } from "./contract-compatibility.js";
import { coreErrors, type ErrorCode, SmskitError } from "./errors.js";
import type { RegisteredProvider } from "./provider-registry.js";

/** A provider package that was found but could not be registered. */
export interface DiscoveryFailure {
  /** The npm package name. */
  readonly package: string;
  /** The error code (`SMSKIT_E_DISCOVERY_IMPORT`, `SMSKIT_E_MANIFEST_…`). */
  readonly code: ErrorCode;
  /** Why, in words. */
  readonly reason: string;
}

/** What discovery found. */
export interface DiscoveryResult {
  readonly providers: readonly RegisteredProvider[];
  readonly failures: readonly DiscoveryFailure[];
}

/**
 * Options of `discoverProviders`. The application is given as its package.json or as its
 * directory; provider packages are resolved from there, the way Node.js resolves the
 * application's own imports (`node_modules` in that directory, then in its parents).
 */
export interface DiscoveryOptions {
  /** The application's own package.json (this or `directory`). */
  packageJson?: string;
  /** The application's directory, the one holding its package.json (this or `packageJson`). */
  directory?: string;
  /**
   * Also look at devDependencies (default false). A devDependency that is not installed
   * (`npm install --omit=dev`) is passed over without a failure.
   */
  includeDevDependencies?: boolean;
}

/** The field a provider package carries in its package.json. */
export interface SmskitPackageField {
  /** The module (relative to the package) whose default export is the provider manifest. */
  provider: string;
}

/**
 * Register every provider the application depends on: each dependency in its package.json
 * whose own package.json has an `"smskit": { "provider": "./dist/index.js" }` field is
 * imported and registered. A package that is missing, throws on import or exports an
 * invalid manifest is reported in `failures`; the others still load.
 */
export async function discoverProviders(
  container: DependencyContainer,
  options: DiscoveryOptions,
): Promise<DiscoveryResult> {
  const applicationFile = applicationPackageJson(options);
  const application = JSON.parse(await readFile(applicationFile, "utf8")) as Record<
    string,
    Record<string, string> | undefined
  >;
  const runtime = [
    ...Object.keys(application.dependencies ?? {}),
    ...Object.keys(application.optionalDependencies ?? {}),
  ];
  const development = options.includeDevDependencies ? Object.keys(application.devDependencies ?? {}) : [];
  const unique = [...new Set([...runtime, ...development])].sort();
  const optionalWhenMissing = new Set(development.filter((name) => !runtime.includes(name)));
  const loaded = await Promise.all(
    unique.map((name) => loadCandidate(name, dirname(applicationFile), optionalWhenMissing.has(name))),
  );
  const providers: RegisteredProvider[] = [];
  const failures: DiscoveryFailure[] = [];
  for (const candidate of loaded) {
    if (candidate.kind === "none") continue;
    if (candidate.kind === "failure") {
      failures.push(candidate.failure);
      continue;
    }
    try {
      providers.push(
        registerProvider(container, candidate.manifest, {
          package: candidate.name,
          version: candidate.version,
        }),
      );
    } catch (error) {
      const code = error instanceof SmskitError ? error.code : "SMSKIT_E_DISCOVERY_EXPORT";
      failures.push({ package: candidate.name, code, reason: (error as Error).message });
    }
  }
  return { providers, failures };
}

type Candidate =
  | { kind: "none" }
  | { kind: "failure"; failure: DiscoveryFailure }
  | { kind: "provider"; name: string; version: string | undefined; manifest: unknown };

async function loadCandidate(
  name: string,
  applicationDirectory: string,
  optionalWhenMissing: boolean,
): Promise<Candidate> {
  const packageDirectory = findPackageDirectory(name, applicationDirectory);
  if (!packageDirectory) {
    if (optionalWhenMissing) return { kind: "none" };
    return {
      kind: "failure",
      failure: {
        package: name,
        code: "SMSKIT_E_DISCOVERY_IMPORT",
        reason: `package ${name} is listed in package.json but not installed; run your package manager's install`,
      },
    };
  }
  let metadata: {
    version?: string;
    smskit?: Partial<SmskitPackageField>;
    peerDependencies?: Record<string, unknown>;
  };
  try {
    metadata = JSON.parse(await readFile(join(packageDirectory, "package.json"), "utf8"));
  } catch (error) {
    return importFailure(name, `its package.json cannot be read: ${(error as Error).message}`);
  }
  const entry = metadata.smskit?.provider;
  if (entry === undefined) return { kind: "none" };
  if (typeof entry !== "string" || entry === "") {
    return {
      kind: "failure",
      failure: {
        package: name,
        code: "SMSKIT_E_DISCOVERY_EXPORT",
        reason: `package ${name}: the "smskit.provider" field must name the module that default-exports the manifest, e.g. "./dist/index.js"`,
      },
    };
  }
  const mismatch = contractMismatch(name, metadata);
  if (mismatch !== undefined) {
    return {
      kind: "failure",
      failure: { package: name, code: "SMSKIT_E_PROVIDER_INCOMPATIBLE", reason: mismatch },
    };
  }
  try {
    const module = (await import(pathToFileURL(join(packageDirectory, entry)).href)) as { default?: unknown };
    if (module.default === undefined) {
      return {
        kind: "failure",
        failure: {
          package: name,
          code: "SMSKIT_E_DISCOVERY_EXPORT",
          reason: `package ${name}: ${entry} has no default export; default-export the manifest made with defineProvider`,
        },
      };
    }
    return { kind: "provider", name, version: metadata.version, manifest: module.default };
  } catch (error) {
    return importFailure(name, `importing ${entry} threw: ${(error as Error).message}`);
  }
}

function importFailure(name: string, reason: string): Candidate {
  return {
    kind: "failure",
    failure: { package: name, code: "SMSKIT_E_DISCOVERY_IMPORT", reason: `package ${name}: ${reason}` },
  };
}

/** The package.json that `options` name, as an absolute path. */
function applicationPackageJson(options: DiscoveryOptions): string {
  if (options.packageJson !== undefined) return resolve(options.packageJson);
  if (options.directory !== undefined) return resolve(options.directory, "package.json");
  throw coreErrors.SMSKIT_E_USAGE.create({
    problem:
      "discovery needs the application: give its package.json (packageJson) or its directory (directory)",
  });
}
