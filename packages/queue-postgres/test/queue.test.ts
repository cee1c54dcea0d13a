import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSmskit, type Smskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPostgresQueue, type PostgresQueueOptions } from "../src/index.js";
import { type CountingSink, startCountingSink } from "./fixtures/counting-sink.js";

let postgres: TestPostgres;
let sink: CountingSink;
let directory: string;
let database: string;
const opened: Smskit[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  sink = await startCountingSink();
});
afterAll(async () => {
  await sink.close();
  await postgres.stop();
});
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "smskit-queue-"));
  database = await postgres.createDatabase();
  sink.counts.clear();
});
afterEach(async () => {
  for (const kit of opened.splice(0)) await kit.close();
  await rm(directory, { recursive: true, force: true });
});

async function open(options: Partial<PostgresQueueOptions> = {}, url = `${sink.url}/send`) {
  const queue = await createPostgresQueue({ connectionString: database, ...options });
  const store = await SqliteGatewayStore.open(join(directory, "smskit.db"));
  const kit = await createSmskit({ store, providers: [httpProvider], queue });
  opened.push(kit);
  await kit.saveGateway({
    name: "otp",
    provider: "http",
    parameters: { URL: url, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
    options: { to: "{phone}", text: "{otp}" },
  });
  let sends = 0;
  kit.on("send", () => sends++);
  return { kit, queue, sends: () => sends };
}

async function until(condition: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function query(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the pg-boss queue", () => {
  it("enqueue → worker → gateway: each message once, submitted, the texts gone from the queue", async () => {
    const { kit } = await open();
    const ids: string[] = [];
    for (let index = 0; index < 40; index++) {
      ids.push(await kit.enqueue("otp", "+4917012345678", `code ${index}`));
    }
    expect((await kit.status(ids[0] as string))?.status).toBe("queued");
    expect(sink.total()).toBe(0);
    const worker = kit.work({ concurrency: 8, pollIntervalMs: 20 });
    await until(async () => (await kit.messages({ status: "submitted" })).length === 40);
    await worker.stop();
    expect(sink.counts.size).toBe(40);
    expect([...sink.counts.values()].every((count) => count === 1)).toBe(true);
    const record = await kit.status(ids[0] as string);
    expect(record?.history.map((change) => change.status)).toEqual(["queued", "sending", "submitted"]);
    expect(await query("SELECT id FROM smskit_queue.job WHERE data::text LIKE '%code %'")).toEqual([]);
  });

  it("expires a message past its TTL without sending it", async () => {
    const { kit } = await open();
    const id = await kit.enqueue("otp", "+4917012345678", "late code", { ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const worker = kit.work({ pollIntervalMs: 20 });
    await until(async () => (await kit.status(id))?.status === "expired");
    await worker.stop();
    expect(sink.total()).toBe(0);
  });

  it("retries a retry-safe failure with backoff through the queue, then ends failed", async () => {
    // Nothing listens on port 9 of loopback: the connection is refused, definitely not delivered.
    const { kit, sends } = await open({ retries: 1, retryDelaySeconds: 1 }, "http://127.0.0.1:9/send");
    const id = await kit.enqueue("otp", "+4917012345678", "refused code");
    const worker = kit.work({ pollIntervalMs: 20 });
    await until(async () => (await kit.status(id))?.status === "failed");
    await worker.stop();
    expect(sends()).toBe(2);
    expect(worker.counts).toMatchObject({ retried: 1, failed: 1, sent: 0 });
  });

  it("does not send a message delivered twice a second time", async () => {
    const { kit, queue } = await open();
    const id = await kit.enqueue("otp", "+4917012345678", "twice code");
    const [job] = await queue.take(1);
    if (!job) throw new Error("no job");
    await queue.put([job.message, job.message]);
    const worker = kit.work({ pollIntervalMs: 20 });
    await until(() => worker.counts.sent + worker.counts.skipped + worker.counts.unknown >= 2);
    await until(
      async () => (await query("SELECT id FROM smskit_queue.job WHERE state <> 'active'")).length === 0,
    );
    await worker.stop();
    expect(sink.counts.get("twice code")).toBe(1);
    expect((await kit.status(id))?.status).toBe("submitted");
  });
});
