import { postgresUrlVariable, startPostgres } from "./server.js";

/**
 * A vitest globalSetup: one PostgreSQL server for every test file of the suite. It sets
 * `SMSKIT_TEST_POSTGRES_URL` before vitest starts its workers, so `startPostgres()` in a test file
 * (and any process a test spawns) uses this server; each file takes its own database with
 * `createDatabase()`. When the variable is already set, the named server is used and nothing starts.
 *
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ["@smskit/test-postgres/global-setup"] } });
 * ```
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env[postgresUrlVariable]) return async () => {};
  const started = Date.now();
  const server = await startPostgres();
  process.env[postgresUrlVariable] = server.url;
  if (process.env.SMSKIT_TEST_POSTGRES_TIMING)
    console.log(`PostgreSQL started in ${Date.now() - started} ms`);
  return async () => {
    delete process.env[postgresUrlVariable];
    await server.stop();
  };
}
