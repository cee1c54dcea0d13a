import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigurationError } from "@smskit/core";
import { queryDatabase as sql, startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { gatewayRecord } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresGatewayStore, postgresMigrations } from "../src/index.js";

const run = promisify(execFile);
let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server.stop();
});

describe("the PostgreSQL store's schema", () => {
  it("creates its schema and tables, records the version, and keeps definitions across reopen", async () => {
    const url = await server.createDatabase();
    const store = await PostgresGatewayStore.open(url);
    const saved = await store.putGateway(gatewayRecord("otp"));
    await store.close();
    const versions = await sql(url, "SELECT version FROM smskit.schema_migrations ORDER BY version");
    expect(versions.rows.map((row) => row.version)).toEqual(postgresMigrations.map((_, index) => index + 1));
    const reopened = await PostgresGatewayStore.open(url);
    expect(await reopened.getGateway("otp")).toEqual(saved);
    await reopened.close();
  });

  it("keeps stores in different schemas of one database apart", async () => {
    const url = await server.createDatabase();
    const tenantA = await PostgresGatewayStore.open(url, { schema: "tenant_a" });
    const tenantB = await PostgresGatewayStore.open(url, { schema: "tenant b" });
    await tenantA.putGateway(gatewayRecord("otp"));
    expect(await tenantB.listGateways()).toEqual([]);
    expect((await tenantA.listGateways()).map((gateway) => gateway.name)).toEqual(["otp"]);
    await Promise.all([tenantA.close(), tenantB.close()]);
  });

  it("lets several processes create a new store at the same moment", async () => {
    const url = await server.createDatabase();
    const child = join(import.meta.dirname, "fixtures", "save-many.mjs");
    await Promise.all(["p", "q", "r", "s"].map((prefix) => run(process.execPath, [child, url, prefix, "3"])));
    const store = await PostgresGatewayStore.open(url);
    expect(await store.listGateways()).toHaveLength(13);
    expect((await store.getGateway("shared"))?.revision).toBe(12);
    await store.close();
    const versions = await sql(url, "SELECT count(*)::int AS count FROM smskit.schema_migrations");
    expect(versions.rows[0].count).toBe(postgresMigrations.length);
  }, 60_000);

  it("refuses a database written by a newer smskit, changing nothing", async () => {
    const url = await server.createDatabase();
    await (await PostgresGatewayStore.open(url)).close();
    await sql(url, "INSERT INTO smskit.schema_migrations (version) VALUES (999)");
    const error = await PostgresGatewayStore.open(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_STORE_VERSION" });
    expect((error as Error).message).toContain("upgrade smskit");
  });

  it("reports an unreachable server as SMSKIT_E_STORE without the password", async () => {
    const url = new URL(await server.createDatabase());
    url.password = "hunter2-secret";
    url.port = "1";
    const error = await PostgresGatewayStore.open(url.toString()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_STORE" });
    expect((error as Error).message).toContain("127.0.0.1:1");
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("hunter2-secret");
    expect(String((error as Error).stack)).not.toContain("hunter2-secret");
  });
});
