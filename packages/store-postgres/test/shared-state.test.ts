import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { gatewayRecord } from "@smskit/testkit";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PostgresGatewayStore } from "../src/index.js";

let server: TestPostgres;
const open: PostgresGatewayStore[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});
afterAll(async () => {
  await server.stop();
});

async function twoStores(): Promise<[PostgresGatewayStore, PostgresGatewayStore, string]> {
  const url = await server.createDatabase();
  const stores = [await PostgresGatewayStore.open(url), await PostgresGatewayStore.open(url)] as const;
  open.push(...stores);
  return [stores[0], stores[1], url];
}

describe("the PostgreSQL store across connections", () => {
  it("tells subscribers of a change made through another connection within a second (NOTIFY)", async () => {
    const [reader, writer] = await twoStores();
    const before = await reader.changeMarker();
    const told = new Promise<number>((resolve) => {
      const started = performance.now();
      const stop = reader.onChange(() => {
        stop();
        resolve(performance.now() - started);
      });
    });
    await writer.putGateway(gatewayRecord("otp"));
    expect(await told).toBeLessThan(1000);
    expect(await reader.changeMarker()).not.toBe(before);
  });

  it("after losing its LISTEN connection, reconnects and tells subscribers that anything may have changed", async () => {
    const [reader, writer, url] = await twoStores();
    await reader.changeMarker();
    let told = 0;
    reader.onChange(() => told++);
    // The server ends the listening connection (as a restart or a network cut would).
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    );
    await admin.end();
    await writer.putGateway(gatewayRecord("while-away"));
    await expect.poll(() => told, { timeout: 5000, interval: 20 }).toBeGreaterThan(0);
    const marker = await reader.changeMarker();
    expect((await reader.getGateway("while-away"))?.revision).toBe(1);
    await writer.putGateway(gatewayRecord("after"));
    await expect.poll(() => reader.changeMarker(), { timeout: 2000, interval: 20 }).not.toBe(marker);
  });

  it("applies a batch in one transaction: a record that cannot be stored leaves everything as it was", async () => {
    const [store] = await twoStores();
    await store.putGateway(gatewayRecord("a"));
    const before = await store.changeMarker();
    const unstorable = { ...gatewayRecord("b"), parameters: { size: 10n } };
    await expect(
      store.applyBatch({ gateways: [gatewayRecord("a", "https://b.example"), unstorable] }),
    ).rejects.toThrow();
    expect((await store.getGateway("a"))?.revision).toBe(1);
    expect(await store.getGateway("b")).toBeUndefined();
    expect(await store.changeMarker()).toBe(before);
    expect((await store.putGateway(gatewayRecord("a"))).revision).toBe(2);
  });
});

describe("shared rate limits", () => {
  it("lets N stores together take no more tokens than the rate allows", async () => {
    const [first, second] = await twoStores();
    const url = await server.createDatabase();
    const third = await PostgresGatewayStore.open(url);
    open.push(third);
    const limiters = [first.rateLimiter, second.rateLimiter];
    // A burst of 5 is free; every further token waits its turn, for all the stores together.
    const waits = await Promise.all(
      Array.from(
        { length: 15 },
        (_, index) => limiters[index % 2]?.reserve("otp", 5, 60_000) as Promise<number>,
      ),
    );
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted.slice(0, 5).every((wait) => wait < 50)).toBe(true);
    // Token n (n >= 5) waits about (n - 4) / rate seconds.
    for (let index = 5; index < 15; index++) {
      expect(sorted[index]).toBeGreaterThan(((index - 4) / 5) * 1000 - 150);
      expect(sorted[index]).toBeLessThan(((index - 4) / 5) * 1000 + 150);
    }
    // Refused when the wait would be longer than allowed: nothing reserved.
    expect(await first.rateLimiter.reserve("otp", 5, 100)).toBeUndefined();
    // Another gateway, and another database, have buckets of their own.
    expect(await second.rateLimiter.reserve("alerts", 5, 0)).toBe(0);
    expect(await third.rateLimiter.reserve("otp", 5, 0)).toBe(0);
  });
});
