import { ConfigurationError, type GatewayStore, importOptionalPackage } from "@smskit/core";

/** The package that holds the PostgreSQL store: installed only by applications that use one. */
export const postgresStorePackage = "@smskit/store-postgres";

interface PostgresStoreModule {
  PostgresGatewayStore: { open(url: string): Promise<GatewayStore> };
}

/**
 * Open the PostgreSQL store at `url` with `@smskit/store-postgres`, loaded only now: resolved from
 * the application (`from`, the current directory, upward) or else beside this CLI. When it is not
 * installed, a ConfigurationError says which package to install.
 */
export async function openPostgresStore(url: string, from: string): Promise<GatewayStore> {
  const module = await importOptionalPackage<PostgresStoreModule>(postgresStorePackage, {
    from,
    beside: import.meta.url,
    missing: () =>
      new ConfigurationError(
        "SMSKIT_E_STORE",
        `a PostgreSQL store (postgres://…) needs the package ${postgresStorePackage}, which is not installed: run npm install ${postgresStorePackage} in the application (or beside smskit)`,
      ),
  });
  return module.PostgresGatewayStore.open(url);
}
