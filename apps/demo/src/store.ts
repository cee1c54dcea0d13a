import { resolve } from "node:path";
import { type GatewayStore, SqliteGatewayStore } from "@smskit/core";

/** The store the demo runs on, and how it is shown (a PostgreSQL URL without its password). */
export interface DemoStore {
  readonly store: GatewayStore;
  /** The SQLite file (absolute), `:memory:`, or the PostgreSQL URL without its password. */
  readonly label: string;
}

/** Whether `SMSKIT_STORE` names a PostgreSQL database. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/** The absolute store file, `:memory:`, or a `postgres://` URL as it is. */
export function resolveStoreLocation(location: string): string {
  return location === ":memory:" || isPostgresUrl(location) ? location : resolve(location);
}

/**
 * Open the demo's store: the SQLite file, or, for a `postgres://` URL, the PostgreSQL store of
 * `@smskit/store-postgres` (loaded only then, so a SQLite demo never loads `pg`).
 */
export async function openDemoStore(location: string): Promise<DemoStore> {
  if (!isPostgresUrl(location)) return { store: await SqliteGatewayStore.open(location), label: location };
  const { PostgresGatewayStore, describeUrl } = await import("@smskit/store-postgres");
  return { store: await PostgresGatewayStore.open(location), label: describeUrl(location) };
}
