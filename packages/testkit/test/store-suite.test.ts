import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryGatewayStore, SqliteGatewayStore } from "@smskit/core";
import { storeSuite } from "../src/index.js";

storeSuite("memory", async () => ({ store: new MemoryGatewayStore() }));

storeSuite(
  "SQLite",
  async () => {
    const directory = await mkdtemp(join(tmpdir(), "smskit-store-suite-"));
    const path = join(directory, "smskit.db");
    return {
      store: await SqliteGatewayStore.open(path),
      connect: () => SqliteGatewayStore.open(path),
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  },
  { shared: true },
);
