import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, SqliteGatewayStore } from "../src/index.js";

const run = promisify(execFile);
const sqlite = () => createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "smskit-store-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const record = (name: string, url = "https://a.example") => ({
  name,
  provider: "http",
  description: "",
  parameters: { URL: url },
  options: { text: "{otp}" },
  headers: {},
  secretOptions: [],
  secretHeaders: [],
});

// What every store must do is in the store suite (@smskit/testkit storeSuite, run in its tests).
describe("the SQLite store", () => {
  it("creates the file, migrates it and keeps definitions across reopen", async () => {
    const path = join(directory, "nested", "smskit.db");
    const store = await SqliteGatewayStore.open(path);
    const saved = await store.putGateway(record("otp"));
    expect(saved.revision).toBe(1);
    await store.close();
    const reopened = await SqliteGatewayStore.open(path);
    expect(await reopened.getGateway("otp")).toEqual(saved);
    expect((await reopened.listGateways()).map((definition) => definition.name)).toEqual(["otp"]);
    await reopened.close();
  });

  it("runs in WAL mode", async () => {
    const path = join(directory, "wal.db");
    const store = await SqliteGatewayStore.open(path);
    const { DatabaseSync } = sqlite();
    const probe = new DatabaseSync(path);
    expect(probe.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    probe.close();
    await store.close();
  });

  it("refuses a file written by a newer smskit", async () => {
    const path = join(directory, "future.db");
    const { DatabaseSync } = sqlite();
    const future = new DatabaseSync(path);
    future.exec("PRAGMA user_version = 999");
    future.close();
    const error = await SqliteGatewayStore.open(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_STORE_VERSION" });
  });

  it("lets several processes create a new store at the same moment", async () => {
    const path = join(directory, "fresh.db");
    const child = join(import.meta.dirname, "fixtures", "save-many.mjs");
    await Promise.all(
      ["p", "q", "r", "s"].map((prefix) => run(process.execPath, [child, path, prefix, "3"])),
    );
    const store = await SqliteGatewayStore.open(path);
    expect(await store.listGateways()).toHaveLength(13);
    await store.close();
  }, 30_000);

  it("lets two processes save at the same time without losing a write", async () => {
    const path = join(directory, "shared.db");
    await (await SqliteGatewayStore.open(path)).close();
    const child = join(import.meta.dirname, "fixtures", "save-many.mjs");
    await Promise.all([
      run(process.execPath, [child, path, "a", "40"]),
      run(process.execPath, [child, path, "b", "40"]),
    ]);
    const store = await SqliteGatewayStore.open(path);
    const names = (await store.listGateways()).map((definition) => definition.name);
    expect(names).toHaveLength(81);
    expect((await store.getGateway("shared"))?.revision).toBe(80);
    await store.close();
  }, 30_000);
});
