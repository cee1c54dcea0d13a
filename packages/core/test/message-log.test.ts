import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type createSmskit,
  type ReceiptReport,
  SmsError,
  type Smskit,
  SqliteGatewayStore,
  type StatusEvent,
} from "../src/index.js";
import { isUlid } from "../src/ulid.js";
import { LogHarness } from "./fixtures/log-harness.js";
import type { Receipting } from "./fixtures/receipting-provider.js";

let directory: string;
const harness = new LogHarness();
let state: Receipting;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "smskit-log-"));
  harness.reset();
  state = harness.state;
});
afterEach(async () => {
  await harness.close();
  await rm(directory, { recursive: true, force: true });
});

const open = (options: Parameters<typeof createSmskit>[0] = {}) => harness.open(options);
const sendWithIds = (kit: Smskit, ...ids: string[]) => harness.sendWithIds(kit, ...ids);
const report = (kit: Smskit, ...reports: ReceiptReport[]) => harness.report(kit, ...reports);

describe("the message log", () => {
  it("gives every send a ULID and a submitted record with the recipient masked, never the text", async () => {
    const kit = await open();
    const result = await sendWithIds(kit, "g-1");
    expect(isUlid(result.id)).toBe(true);
    expect(result.messageId).toBe("g-1");
    const record = await kit.status(result.id);
    expect(record).toMatchObject({ id: result.id, target: "otp", gateway: "otp", provider: "receipting" });
    expect(record?.status).toBe("submitted");
    expect(record?.to).toBe("**********5678");
    expect(record?.messageIds).toEqual(["g-1"]);
    expect(JSON.stringify(record)).not.toContain("123456");
    const second = await sendWithIds(kit, "g-2");
    expect(second.id > result.id).toBe(true);
  });

  it("keeps recipients in full or not at all when told", async () => {
    const full = await open({ messageLog: { recipients: "full" } });
    expect((await full.status((await sendWithIds(full, "a")).id))?.to).toBe("+4917012345678");
    await full.close();
    const none = await open({ messageLog: { recipients: "none" } });
    expect((await none.status((await sendWithIds(none, "b")).id))?.to).toBeUndefined();
  });

  it("moves forward only: final statuses stay, repeats and backward receipts are history only", async () => {
    const kit = await open();
    const { id } = await sendWithIds(kit, "g-1");
    await report(kit, { messageId: "g-1", status: "enroute" }, { messageId: "g-1", status: "enroute" });
    expect((await kit.status(id))?.status).toBe("enroute");
    await report(kit, { messageId: "g-1", status: "unknown" });
    expect((await kit.status(id))?.status).toBe("enroute");
    await report(kit, { messageId: "g-1", status: "delivered" }, { messageId: "g-1", status: "undelivered" });
    await report(kit, { messageId: "g-1", status: "enroute" });
    const record = await kit.status(id);
    expect(record?.status).toBe("delivered");
    expect(record?.history.map((change) => [change.status, change.source, change.ignored ?? false])).toEqual([
      ["submitted", "send", false],
      ["enroute", "receipt", false],
      ["enroute", "receipt", true],
      ["enroute", "receipt", true],
      ["delivered", "receipt", false],
      ["undelivered", "receipt", true],
      ["enroute", "receipt", true],
    ]);
  });

  it("keeps a receipt that comes before the submit answer and matches it then", async () => {
    const kit = await open();
    await sendWithIds(kit, "warm-up");
    state.early = [{ messageId: "g-9", status: "delivered" }];
    const { id } = await sendWithIds(kit, "g-9");
    expect((await kit.status(id))?.status).toBe("delivered");
  });

  it("calls a message of several parts delivered once every part is", async () => {
    const kit = await open();
    const { id } = await sendWithIds(kit, "p-1", "p-2", "p-3");
    await report(kit, { messageId: "p-2", status: "delivered" }, { messageId: "p-1", status: "delivered" });
    expect((await kit.status(id))?.status).toBe("enroute");
    await report(kit, { messageId: "p-3", status: "delivered" });
    const record = await kit.status(id);
    expect(record?.status).toBe("delivered");
    expect(record?.parts).toBe(3);
    expect(record?.history.at(-1)?.part).toBe("p-3");
  });

  it("calls a message of several parts undelivered when one part is", async () => {
    const kit = await open();
    const { id } = await sendWithIds(kit, "p-1", "p-2");
    await report(kit, { messageId: "p-1", status: "delivered" }, { messageId: "p-2", status: "undelivered" });
    expect((await kit.status(id))?.status).toBe("undelivered");
  });

  it("emits a status event per change and counts receipts in the metrics", async () => {
    const kit = await open();
    const events: StatusEvent[] = [];
    kit.on("status", (event) => events.push(event));
    const { id } = await sendWithIds(kit, "g-1");
    await report(kit, { messageId: "g-1", status: "delivered" }, { messageId: "g-1", status: "delivered" });
    expect(events.map((event) => [event.id, event.previous, event.status])).toEqual([
      [id, undefined, "submitted"],
      [id, "submitted", "delivered"],
    ]);
    const metrics = kit.metricsText();
    expect(metrics).toContain('smskit_receipts_total{gateway="otp",status="delivered"} 2');
    expect(metrics).toContain('smskit_delivery_seconds_count{gateway="otp"} 1');
  });

  it("reads status callbacks through handleReceipt; a refused one changes nothing", async () => {
    const kit = await open();
    const { id } = await sendWithIds(kit, "g-1");
    const request = (signature: string) => ({
      method: "POST",
      url: "https://demo.example/receipts/otp/x",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "g-1", status: "delivered", signature }),
    });
    await expect(kit.handleReceipt("otp", request("forged"))).rejects.toMatchObject({
      code: "SMSKIT_E_RECEIPT_REFUSED",
    });
    expect((await kit.status(id))?.history).toHaveLength(1);
    expect(await kit.handleReceipt("otp", request("s3cret"))).toEqual({ reports: 1, messages: [id] });
    expect((await kit.status(id))?.status).toBe("delivered");
    await expect(kit.handleReceipt("nope", request("s3cret"))).rejects.toMatchObject({
      code: "SMSKIT_E_GATEWAY_NOT_FOUND",
    });
  });

  it("lists messages by status, gateway and time, newest first", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const kit = await open({ now: () => now });
    const first = await sendWithIds(kit, "g-1");
    now += 60_000;
    const second = await sendWithIds(kit, "g-2");
    await report(kit, { messageId: "g-1", status: "delivered" });
    expect((await kit.messages()).map((message) => message.id)).toEqual([second.id, first.id]);
    expect((await kit.messages({ status: "delivered" })).map((message) => message.id)).toEqual([first.id]);
    expect(await kit.messages({ gateway: "other" })).toEqual([]);
    expect((await kit.messages({ since: now })).map((message) => message.id)).toEqual([second.id]);
    expect(await kit.messages({ limit: 1 })).toHaveLength(1);
  });
});

describe("the message log in the SQLite store", () => {
  it("keeps records across reopen, never the text (file and WAL), and prunes after the retention", async () => {
    const path = join(directory, "smskit.db");
    let now = Date.parse("2026-01-01T00:00:00Z");
    const kit = await open({ store: await SqliteGatewayStore.open(path), now: () => now });
    const text = "Tell nobody: 90210-zebra-quartz";
    state.nextIds = ["s-1"];
    const { id } = await kit.send("otp", "+4917012345678", text);
    await report(kit, { messageId: "s-1", status: "delivered" });
    for (const file of await readdir(directory)) {
      const bytes = await readFile(join(directory, file));
      expect(bytes.includes(Buffer.from("zebra-quartz"))).toBe(false);
      expect(bytes.includes(Buffer.from("4917012345678"))).toBe(false);
    }
    await kit.close();
    now += 31 * 24 * 60 * 60 * 1000;
    const reopened = await open({ store: await SqliteGatewayStore.open(path), now: () => now });
    expect((await reopened.status(id))?.status).toBe("delivered");
    state.nextIds = ["s-2"];
    const fresh = await reopened.send("otp", "+4917012345678", text);
    await reopened.messages();
    expect(await reopened.status(id)).toBeUndefined();
    expect((await reopened.status(fresh.id))?.status).toBe("submitted");
  });

  it("writes a large batch through the worker thread and reads it back", async () => {
    const kit = await open({ store: await SqliteGatewayStore.open(join(directory, "many.db")) });
    const sent = await Promise.all(Array.from({ length: 150 }, (_, index) => sendWithIds(kit, `m-${index}`)));
    expect(await kit.messages({ limit: 1000 })).toHaveLength(150);
    // Concurrent sends share the fixture's next ids: take one that got an id.
    const last = sent.find((result) => result.messageId !== undefined);
    await report(kit, { messageId: last?.messageId ?? "", status: "delivered" });
    expect((await kit.status(last?.id ?? ""))?.status).toBe("delivered");
  });

  it("records a failed send as failed and one of unknown outcome as unknown, with the code", async () => {
    const kit = await open({ store: await SqliteGatewayStore.open(join(directory, "f.db")) });
    await expect(kit.send("missing", "+4917012345678", "x")).rejects.toMatchObject({
      code: "SMSKIT_E_GATEWAY_NOT_FOUND",
    });
    expect(await kit.messages()).toEqual([]);
    state.failure = "refuse";
    await expect(kit.send("otp", "+4917012345678", "x")).rejects.toMatchObject({
      code: "SMSKIT_E_RECEIPTING_FAILED",
    });
    state.failure = "vanish";
    await expect(kit.send("otp", "+4917012345678", "x")).rejects.toMatchObject({
      code: "SMSKIT_E_RECEIPTING_FAILED",
    });
    const [unknown, failed] = await kit.messages();
    expect([failed?.status, failed?.errorCode, failed?.gateway]).toEqual([
      "failed",
      "SMSKIT_E_RECEIPTING_FAILED",
      "otp",
    ]);
    expect(unknown?.status).toBe("unknown");
  });

  it("gives a failed send's error the id of its record, in the error and its JSON", async () => {
    const kit = await open();
    state.failure = "refuse";
    const error = (await kit
      .send("otp", "+4917012345678", "x")
      .catch((caught: unknown) => caught)) as SmsError;
    expect(error).toBeInstanceOf(SmsError);
    expect(isUlid(error.id ?? "")).toBe(true);
    expect(error.toJSON()).toMatchObject({ id: error.id, code: "SMSKIT_E_RECEIPTING_FAILED" });
    expect(await kit.status(error.id ?? "")).toMatchObject({ id: error.id, status: "failed" });
    await kit.close();
    const unlogged = await open({ messageLog: { enabled: false } });
    const quiet = (await unlogged
      .send("otp", "+4917012345678", "x")
      .catch((caught: unknown) => caught)) as SmsError;
    expect(quiet.id).toBeUndefined();
    expect(quiet.toJSON()).not.toHaveProperty("id");
  });

  it("keeps the recipient of a raw receipt as the log's recipient setting says", async () => {
    const expected = {
      masked: "from **********5678: id:g-1 stat:DELIVRD (to **********5678)",
      full: "from +4917012345678: id:g-1 stat:DELIVRD (to +4917012345678)",
      none: "id:g-1 stat:DELIVRD (to )",
    } as const;
    for (const recipients of ["masked", "full", "none"] as const) {
      state.contexts = [];
      const kit = await open({ messageLog: { recipients } });
      const { id } = await sendWithIds(kit, "g-1");
      // A provider that also left the recipient inside the raw text gets it kept the same way.
      state.contexts[0]?.receipt?.({
        messageId: "g-1",
        status: "delivered",
        raw: "id:g-1 stat:DELIVRD (to +4917012345678)",
        recipient: "+4917012345678",
      });
      await kit.messages();
      const record = await kit.status(id);
      expect(record?.history.at(-1)?.raw, recipients).toBe(expected[recipients]);
      if (recipients !== "full") expect(JSON.stringify(record)).not.toContain("+4917012345678");
      await kit.close();
    }
  });
});
