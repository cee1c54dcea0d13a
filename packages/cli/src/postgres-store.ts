import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigurationError, type GatewayStore } from "@smskit/core";

/** The package that holds the PostgreSQL store: installed only by applications that use one. */
export const postgresStorePackage = "@smskit/store-postgres";

/** Whether a `--store` / `SMSKIT_STORE` value names a PostgreSQL database rather than a file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

interface PostgresStoreModule {
  PostgresGatewayStore: { open(url: string): Promise<GatewayStore> };
  describeUrl(url: string): string;
}

/**
 * Open the PostgreSQL store at `url` with `@smskit/store-postgres`, loaded only now: resolved from
 * the application (`from`, the current directory, upward) or else beside this CLI. When it is not
 * installed, a ConfigurationError says which package to install.
 */
export async function openPostgresStore(url: string, from: string): Promise<GatewayStore> {
  const module = await loadPostgresStore(from);
  return module.PostgresGatewayStore.open(url);
}

async function loadPostgresStore(from: string): Promise<PostgresStoreModule> {
  let resolved: string | undefined;
  for (const base of [join(from, "package.json"), import.meta.url]) {
    try {
      resolved = createRequire(base).resolve(postgresStorePackage);
      break;
    } catch {
      // Not installed there: try the next place.
    }
  }
  if (resolved === undefined) {
    throw new ConfigurationError(
      "SMSKIT_E_STORE",
      `a PostgreSQL store (postgres://…) needs the package ${postgresStorePackage}, which is not installed: run npm install ${postgresStorePackage} in the application (or beside smskit)`,
    );
  }
  return (await import(pathToFileURL(resolved).href)) as PostgresStoreModule;
}
