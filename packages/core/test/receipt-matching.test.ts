import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LogHarness } from "./fixtures/log-harness.js";

const harness = new LogHarness();
beforeEach(() => harness.reset());
afterEach(() => harness.close());

describe("matching receipts to messages", () => {
  it("matches a receipt by another spelling of its id (decimal against a hexadecimal submit id)", async () => {
    const kit = await harness.open();
    const { id } = await harness.sendWithIds(kit, "1A2B3C");
    // 1715004 is 0x1A2B3C: the SMSC answered the submit in hexadecimal and writes the receipt in decimal.
    await harness.report(kit, {
      messageId: "1715004",
      status: "delivered",
      alternativeIds: ["1a2b3c", "1A2B3C"],
    });
    const record = await kit.status(id);
    expect(record?.status).toBe("delivered");
    expect(record?.messageIds).toEqual(["1A2B3C"]);
  });

  it("matches the other spelling of a receipt that came before the submit answer, part by part", async () => {
    const kit = await harness.open();
    await harness.sendWithIds(kit, "warm-up");
    harness.state.early = [
      { messageId: "255", status: "delivered", alternativeIds: ["ff", "FF", "000000FF"] },
      { messageId: "256", status: "delivered", alternativeIds: ["100", "00000100"] },
    ];
    // The receipts are looked up (and kept, unmatched) while the send waits for its answer.
    harness.state.answerDelayMs = 50;
    const { id } = await harness.sendWithIds(kit, "000000FF", "00000100");
    const record = await kit.status(id);
    expect(record?.status).toBe("delivered");
    expect(record?.history.map((change) => change.part)).toEqual([undefined, "000000FF", "00000100"]);
  });

  it("ignores a receipt whose other spellings match several messages, and an exact id wins over them", async () => {
    const kit = await harness.open();
    const first = await harness.sendWithIds(kit, "10");
    const second = await harness.sendWithIds(kit, "16");
    await harness.report(kit, { messageId: "x", status: "delivered", alternativeIds: ["10", "16"] });
    expect((await kit.status(first.id))?.status).toBe("submitted");
    expect((await kit.status(second.id))?.status).toBe("submitted");
    await harness.report(kit, { messageId: "16", status: "delivered", alternativeIds: ["10"] });
    expect((await kit.status(first.id))?.status).toBe("submitted");
    expect((await kit.status(second.id))?.status).toBe("delivered");
  });

  it("keeps at most orphanLimit receipts waiting for their message, dropping the oldest", async () => {
    const kit = await harness.open({ messageLog: { orphanLimit: 2 } });
    await harness.sendWithIds(kit, "warm-up");
    await harness.report(
      kit,
      { messageId: "o-1", status: "delivered" },
      { messageId: "o-2", status: "delivered" },
      { messageId: "o-3", status: "delivered" },
    );
    const dropped = await harness.sendWithIds(kit, "o-1");
    const kept = await harness.sendWithIds(kit, "o-3");
    expect((await kit.status(dropped.id))?.status).toBe("submitted");
    expect((await kit.status(kept.id))?.status).toBe("delivered");
  });

  it("lets a waiting receipt go after orphanTtlMs", async () => {
    let now = Date.parse("2026-12-02T12:00:00Z");
    const kit = await harness.open({ now: () => now, messageLog: { orphanTtlMs: 1000 } });
    await harness.sendWithIds(kit, "warm-up");
    await harness.report(
      kit,
      { messageId: "late", status: "delivered" },
      { messageId: "soon", status: "delivered" },
    );
    now += 500;
    const soon = await harness.sendWithIds(kit, "soon");
    now += 600;
    const late = await harness.sendWithIds(kit, "late");
    expect((await kit.status(soon.id))?.status).toBe("delivered");
    expect((await kit.status(late.id))?.status).toBe("submitted");
  });
});
