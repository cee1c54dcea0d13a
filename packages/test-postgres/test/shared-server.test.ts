import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUrlVariable, startPostgres, type TestPostgres } from "../src/index.js";

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe("the suite's shared server (globalSetup)", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("is the one the globalSetup started, named by SMSKIT_TEST_POSTGRES_URL", () => {
    expect(process.env[postgresUrlVariable]).toMatch(/^postgres:\/\//);
    expect(server.source).toBe("external");
    expect(server.url).toBe(process.env[postgresUrlVariable]);
  });

  it("gives each caller a fresh, empty database of its own", async () => {
    const first = await server.createDatabase();
    const second = await server.createDatabase();
    expect(first).not.toBe(second);
    await query(first, "CREATE TABLE marker (id int)");
    const tables = (url: string) =>
      query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").then((result) =>
        result.rows.map((row) => row.tablename),
      );
    expect(await tables(first)).toEqual(["marker"]);
    expect(await tables(second)).toEqual([]);
  });

  it("drops the databases it created on stop, even with connections still open", async () => {
    const other = await startPostgres();
    const url = await other.createDatabase();
    const name = new URL(url).pathname.slice(1);
    const open = new pg.Client({ connectionString: url });
    open.on("error", () => {});
    await open.connect();
    await other.stop();
    const left = await query(server.url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
    expect(left.rowCount).toBe(0);
    await open.end().catch(() => {});
  });
});
