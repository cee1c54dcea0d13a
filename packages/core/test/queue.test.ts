import { afterEach, describe, expect, it } from "vitest";
import { createSmskit, MemoryMessageQueue, type Smskit } from "../src/index.js";
import { type Receipting, receiptingProvider } from "./fixtures/receipting-provider.js";

let smskit: Smskit | undefined;
afterEach(async () => {
  await smskit?.close();
  smskit = undefined;
});

const text = "Your code is 123456";

async function open(queue: MemoryMessageQueue, state: Receipting, now?: () => number) {
  smskit = await createSmskit({ providers: [receiptingProvider(state)], queue, ...(now ? { now } : {}) });
  await smskit.saveGateway({ name: "otp", provider: "receipting", parameters: { TOKEN: "s3cret" } });
  let sends = 0;
  smskit.on("send", () => sends++);
  return { kit: smskit, sends: () => sends };
}

function fresh(): Receipting {
  return { contexts: [], nextIds: [], early: [] };
}

async function drain(kit: Smskit, queue: MemoryMessageQueue) {
  const worker = kit.work({ concurrency: 4, pollIntervalMs: 5 });
  for (let waited = 0; queue.size > 0 && waited < 5000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await worker.stop();
  return worker.counts;
}

describe("the queue", () => {
  it("enqueue returns the id at once with the message queued; a worker sends it", async () => {
    const queue = new MemoryMessageQueue();
    const state = fresh();
    const { kit, sends } = await open(queue, state);
    state.nextIds = ["g-1"];
    const id = await kit.enqueue("otp", "+4917012345678", text);
    const queued = await kit.status(id);
    expect(queued?.status).toBe("queued");
    expect(sends()).toBe(0);
    expect(await drain(kit, queue)).toMatchObject({ sent: 1, failed: 0, unknown: 0 });
    const record = await kit.status(id);
    expect(record?.status).toBe("submitted");
    expect(record?.messageIds).toEqual(["g-1"]);
    expect(record?.history.map((change) => change.status)).toEqual(["queued", "sending", "submitted"]);
    expect(record?.createdAt).toBe(queued?.createdAt);
    expect(JSON.stringify(record)).not.toContain("123456");
    expect(sends()).toBe(1);
  });

  it("expires a message past its TTL without sending it", async () => {
    const queue = new MemoryMessageQueue();
    let clock = Date.now();
    const { kit, sends } = await open(queue, fresh(), () => clock);
    const id = await kit.enqueue("otp", "+4917012345678", text, { ttlSeconds: 30 });
    clock += 31_000;
    expect(await drain(kit, queue)).toMatchObject({ expired: 1, sent: 0 });
    expect(sends()).toBe(0);
    expect(await kit.status(id)).toMatchObject({ status: "expired", errorCode: "SMSKIT_E_MESSAGE_EXPIRED" });
  });

  it("retries a retry-safe failure through the queue, then ends failed", async () => {
    const queue = new MemoryMessageQueue({ retries: 2, retryDelayMs: 1 });
    const state: Receipting = { ...fresh(), failure: "refuse" };
    const { kit, sends } = await open(queue, state);
    const id = await kit.enqueue("otp", "+4917012345678", text);
    expect(await drain(kit, queue)).toMatchObject({ retried: 2, failed: 1, sent: 0 });
    expect(sends()).toBe(3);
    expect(await kit.status(id)).toMatchObject({ status: "failed", errorCode: "SMSKIT_E_RECEIPTING_FAILED" });
  });

  it("never retries an unknown outcome", async () => {
    const queue = new MemoryMessageQueue({ retries: 2, retryDelayMs: 1 });
    const { kit, sends } = await open(queue, { ...fresh(), failure: "vanish" });
    const id = await kit.enqueue("otp", "+4917012345678", text);
    expect(await drain(kit, queue)).toMatchObject({ unknown: 1, retried: 0 });
    expect(sends()).toBe(1);
    expect((await kit.status(id))?.status).toBe("unknown");
  });

  it("sends a message delivered twice only once", async () => {
    const queue = new MemoryMessageQueue();
    const { kit, sends } = await open(queue, fresh());
    const id = await kit.enqueue("otp", "+4917012345678", text);
    const [job] = await queue.take(1);
    if (!job) throw new Error("no job");
    queue.redeliver();
    // Delivered twice in one batch, then once more after it was sent.
    await queue.put([job.message]);
    expect(await drain(kit, queue)).toMatchObject({ sent: 1, skipped: 1, unknown: 0 });
    await queue.put([job.message]);
    expect(await drain(kit, queue)).toMatchObject({ sent: 0, skipped: 1, unknown: 0 });
    expect(sends()).toBe(1);
    expect((await kit.status(id))?.status).toBe("submitted");
  });

  it("records a message whose worker died after claiming it unknown, and does not send it", async () => {
    const queue = new MemoryMessageQueue();
    const { kit, sends } = await open(queue, fresh());
    const id = await kit.enqueue("otp", "+4917012345678", text);
    // A worker takes and claims the job, then dies before recording anything.
    const jobs = await queue.take(1);
    expect(await queue.claim(jobs)).toEqual(["claimed"]);
    queue.redeliver();
    expect(await drain(kit, queue)).toMatchObject({ unknown: 1, sent: 0 });
    expect(sends()).toBe(0);
    expect(await kit.status(id)).toMatchObject({ status: "unknown", errorCode: "SMSKIT_E_WORKER_LOST" });
  });

  it("sends such a message again when its route says onUnknown: continue", async () => {
    const queue = new MemoryMessageQueue();
    const { kit, sends } = await open(queue, fresh());
    await kit.saveRoute({ name: "otp-route", gateways: ["otp"], onUnknown: "continue" });
    const id = await kit.enqueue("otp-route", "+4917012345678", text);
    const jobs = await queue.take(1);
    await queue.claim(jobs);
    queue.redeliver();
    expect(await drain(kit, queue)).toMatchObject({ sent: 1 });
    expect(sends()).toBe(1);
    expect((await kit.status(id))?.status).toBe("submitted");
  });

  it("gives a repeat with the same idempotency key the first id, enqueuing nothing", async () => {
    const queue = new MemoryMessageQueue();
    const { kit } = await open(queue, fresh());
    const first = await kit.enqueue("otp", "+4917012345678", text, { idempotencyKey: "k-1" });
    const again = await kit.enqueue("otp", "+4917012345678", text, { idempotencyKey: "k-1" });
    expect(again).toBe(first);
    expect(queue.size).toBe(1);
    await expect(kit.enqueue("otp", "+4917000000000", text, { idempotencyKey: "k-1" })).rejects.toMatchObject(
      {
        code: "SMSKIT_E_IDEMPOTENCY_CONFLICT",
      },
    );
  });

  it("refuses an unknown target, a bad TTL and an application without a queue, enqueuing nothing", async () => {
    const queue = new MemoryMessageQueue();
    const { kit } = await open(queue, fresh());
    await expect(kit.enqueue("nope", "+4917012345678", text)).rejects.toMatchObject({
      code: "SMSKIT_E_GATEWAY_NOT_FOUND",
    });
    await expect(kit.enqueue("otp", "+4917012345678", text, { ttlSeconds: 0 })).rejects.toMatchObject({
      code: "SMSKIT_E_USAGE",
    });
    expect(queue.size).toBe(0);
    expect(await kit.messages()).toEqual([]);
    const plain = await createSmskit({ providers: [receiptingProvider(fresh())] });
    await expect(plain.enqueue("otp", "+4917012345678", text)).rejects.toMatchObject({
      code: "SMSKIT_E_QUEUE_UNAVAILABLE",
    });
    expect(() => plain.work()).toThrow(/no queue/);
    await plain.close();
  });
});
