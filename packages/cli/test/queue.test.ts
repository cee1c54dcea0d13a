import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { run, runWithStore } from "./support/run.js";

describe("the queue commands", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  it("refuse a store that is not PostgreSQL with a clear error, changing nothing", async () => {
    const enqueued = await runWithStore(app, [
      "enqueue",
      "otp",
      "+4917012345678",
      "Code 123456",
      "--ttl",
      "60",
    ]);
    expect(enqueued.code).toBe(2);
    expect(enqueued.stdout).toBe("");
    expect(enqueued.stderr).toMatch(
      /needs the durable queue, which lives in a PostgreSQL store: give --store postgres:\/\//,
    );
    expect(enqueued.stderr).toContain("(SMSKIT_E_QUEUE_UNAVAILABLE)");
    expect(enqueued.stderr).not.toContain("123456");
    const worker = await runWithStore(app, ["worker", "--concurrency", "4"]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain("smskit worker needs the durable queue");
    const listed = await runWithStore(app, ["messages", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it("document enqueue and worker in the help", async () => {
    const help = await run(app, ["enqueue", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--ttl SECONDS");
    expect(help.stdout).toContain("--idempotency-key KEY");
    const worker = await run(app, ["worker", "--help"]);
    expect(worker.stdout).toContain("--concurrency N");
    expect(worker.stdout).toContain("SIGTERM");
  });
});
