import { resolve } from "node:path";
import {
  ConfigurationError,
  type GatewayStore,
  importOptionalPackage,
  isPostgresUrl,
  SqliteGatewayStore,
} from "@smskit/core";

/** The store the demo runs on, and how it is shown (a PostgreSQL URL without its password). */
export interface DemoStore {
  readonly store: GatewayStore;
  /** The SQLite file (absolute), `:memory:`, or the PostgreSQL URL without its password. */
  readonly label: string;
}

/** The absolute store file, `:memory:`, or a `postgres://` URL as it is. */
export function resolveStoreLocation(location: string): string {
  return location === ":memory:" || isPostgresUrl(location) ? location : resolve(location);
}

/**
 * Load a package the demo needs only on PostgreSQL (the store, the queue): resolved from the
 * application directory `from`, then beside the demo; not installed, a ConfigurationError (`code`)
 * names the package to install.
 */
export function importPostgresPackage<Module>(
  name: string,
  from: string,
  code: `SMSKIT_E_${string}`,
): Promise<Module> {
  return importOptionalPackage<Module>(name, {
    from,
    beside: import.meta.url,
    missing: () =>
      new ConfigurationError(
        code,
        `SMSKIT_STORE=postgres://… needs the package ${name}, which is not installed: run npm install ${name} in the application`,
      ),
  });
}

/**
 * Open the demo's store: the SQLite file, or, for a `postgres://` URL, the PostgreSQL store of
 * `@smskit/store-postgres` (loaded only then, so a SQLite demo never loads `pg`).
 */
export async function openDemoStore(location: string, from: string): Promise<DemoStore> {
  if (!isPostgresUrl(location)) return { store: await SqliteGatewayStore.open(location), label: location };
  const { PostgresGatewayStore, describeUrl } = await importPostgresPackage<
    typeof import("@smskit/store-postgres")
  >("@smskit/store-postgres", from, "SMSKIT_E_STORE");
  return { store: await PostgresGatewayStore.open(location), label: describeUrl(location) };
}
