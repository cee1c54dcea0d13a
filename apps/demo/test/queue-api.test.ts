import { createPostgresQueue } from "@smskit/queue-postgres";
import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres.stop();
});

async function until(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("POST /api/messages", () => {
  it("enqueues (202 with the id, queued) and the in-process worker sends it", async () => {
    const queue = await createPostgresQueue({ connectionString: await postgres.createDatabase() });
    const demo: RunningDemo = await startDemo({ queue, workers: 4 });
    try {
      const accepted = await demo.request("POST", "/api/messages", {
        body: { target: "sandbox", to: "+49 170 5550123", text: "queued code 515151", ttlSeconds: 300 },
      });
      expect(accepted.status).toBe(202);
      expect(accepted.json).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: "queued" });
      const id = accepted.json.id as string;
      await until(async () => (await demo.request("GET", `/api/messages/${id}`)).json.status === "submitted");
      const record = await demo.request("GET", `/api/messages/${id}`);
      expect(record.json.history.map((change: { status: string }) => change.status)).toEqual([
        "queued",
        "sending",
        "submitted",
      ]);
      expect(record.text).not.toContain("515151");
      const inbox = await demo.request("GET", "/api/sandbox/messages");
      expect(inbox.text).toContain("515151");
    } finally {
      await demo.close();
    }
  });

  it("answers 404 for an unknown target and 422 for a bad TTL, enqueuing nothing", async () => {
    const queue = await createPostgresQueue({ connectionString: await postgres.createDatabase() });
    const demo = await startDemo({ queue, workers: 0 });
    try {
      const unknown = await demo.request("POST", "/api/messages", {
        body: { target: "nope", to: "+491705550123", text: "x" },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.json.code).toBe("SMSKIT_E_GATEWAY_NOT_FOUND");
      const badTtl = await demo.request("POST", "/api/messages", {
        body: { target: "sandbox", to: "+491705550123", text: "x", ttlSeconds: 0 },
      });
      expect(badTtl.status).toBe(422);
      expect((await demo.request("GET", "/api/messages")).json).toEqual([]);
    } finally {
      await demo.close();
    }
  });

  it("answers 503 SMSKIT_E_QUEUE_UNAVAILABLE without a queue", async () => {
    const demo = await startDemo();
    try {
      const refused = await demo.request("POST", "/api/messages", {
        body: { target: "sandbox", to: "+491705550123", text: "x" },
      });
      expect(refused.status).toBe(503);
      expect(refused.json.code).toBe("SMSKIT_E_QUEUE_UNAVAILABLE");
    } finally {
      await demo.close();
    }
  });
});
