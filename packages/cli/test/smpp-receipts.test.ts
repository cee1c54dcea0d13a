import {
  receiptText,
  type SmscReceipt,
  type SmscSimulator,
  type SmscSubmit,
  startSmscSimulator,
} from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { runReal } from "./support/http-gateways.js";

// Each test runs several smskit commands against a real SMSC session: more than the default 5 s on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

describe("SMPP delivery receipts end to end (smskit send --wait-receipt, smskit status)", () => {
  let app: FixtureApp;
  let smsc: SmscSimulator;
  beforeEach(async () => {
    app = await createFixtureApp();
    smsc = await startSmscSimulator();
    const saved = await runReal(app, [
      "gateway",
      "set",
      "smsc",
      "--provider",
      "smpp",
      "--param",
      "SMSC_HOST=127.0.0.1",
      "--param",
      `SMSC_PORT=${smsc.port}`,
      "--param",
      "SYSTEM_ID=smskit",
      "--param",
      "PASSWORD=secret",
      "--param",
      "REGISTERED_DELIVERY=yes",
    ]);
    expect(saved.stderr).toBe("");
  });
  afterEach(async () => {
    await smsc.close();
    await app.remove();
  });

  const receipts = (plan: (submit: SmscSubmit) => readonly SmscReceipt[]) =>
    smsc.setBehaviour({ receipts: plan });
  const send = (text = "Your code is 918273", wait = "10") =>
    runReal(app, ["send", "smsc", "+4917012345678", text, "--wait-receipt", wait, "--json"]);
  const history = async (id: string) =>
    JSON.parse((await runReal(app, ["status", id, "--json"])).stdout) as {
      status: string;
      history: { status: string; source: string; ignored?: boolean; raw?: string; part?: string }[];
    };

  it("binds as transceiver, asks for receipts and reports delivered after ENROUTE, answering every receipt", async () => {
    receipts((submit) => [
      { text: receiptText(submit.messageId ?? "", "ENROUTE") },
      { text: receiptText(submit.messageId ?? "", "DELIVRD", { text: "Your code is 9182" }), delayMs: 30 },
    ]);
    const sent = await send();
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { id: string; status: string };
    expect(result.status).toBe("delivered");
    expect(smsc.binds[0]?.command).toBe("bind_transceiver");
    expect(smsc.submits[0]?.registeredDelivery).toBe(1);
    expect(smsc.receiptsAnswered).toBe(smsc.receiptsSent);
    const record = await history(result.id);
    expect(record.history.map((change) => [change.status, change.source])).toEqual([
      ["submitted", "send"],
      ["enroute", "receipt"],
      ["delivered", "receipt"],
    ]);
    const raw = record.history.at(-1)?.raw ?? "";
    expect(raw).toMatch(/^from \*+5678: id:\S+ .*stat:DELIVRD err:000$/);
    expect(JSON.stringify(record)).not.toContain("9182");
    const shown = await runReal(app, ["status", result.id]);
    expect(shown.stdout).toMatch(/status: +delivered/);
  });

  it("matches a receipt that comes before the submit answer", async () => {
    receipts((submit) => [{ text: receiptText(submit.messageId ?? "", "DELIVRD"), beforeAnswer: true }]);
    const sent = await send();
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout).status).toBe("delivered");
  });

  it("keeps duplicated and out-of-order receipts in the history without moving a final status", async () => {
    receipts((submit) => {
      const id = submit.messageId ?? "";
      // All before the answer, so that they all arrive while the command still holds the session.
      return [
        { text: receiptText(id, "DELIVRD"), beforeAnswer: true },
        { text: receiptText(id, "DELIVRD"), beforeAnswer: true },
        { text: receiptText(id, "ENROUTE"), beforeAnswer: true },
      ];
    });
    const sent = await send();
    expect(sent.code).toBe(0);
    const { id } = JSON.parse(sent.stdout) as { id: string };
    const record = await history(id);
    expect(record.status).toBe("delivered");
    expect(record.history.slice(1).map((change) => [change.status, change.ignored ?? false])).toEqual([
      ["delivered", false],
      ["delivered", true],
      ["enroute", true],
    ]);
  });

  it("calls a two-part message delivered once both parts are (TLV receipts), and exits 1 for UNDELIV", async () => {
    receipts((submit) => [{ receiptedMessageId: submit.messageId ?? "", messageState: 2 }]);
    const long = "A".repeat(200);
    const sent = await send(long);
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { id: string; status: string; parts: number };
    expect([result.status, result.parts]).toEqual(["delivered", 2]);
    expect((await history(result.id)).history.filter((change) => change.part !== undefined)).toHaveLength(2);

    receipts((submit) => [{ text: receiptText(submit.messageId ?? "", "UNDELIV", { err: "001" }) }]);
    const undelivered = await send();
    expect(undelivered.code).toBe(1);
    expect(JSON.parse(undelivered.stdout).status).toBe("undelivered");
  });

  it("exits 3 when no final status comes in time (ACCEPTD says nothing about the phone)", async () => {
    receipts((submit) => [{ text: receiptText(submit.messageId ?? "", "ACCEPTD") }]);
    const sent = await send("hello", "1");
    expect(sent.code).toBe(3);
    expect(JSON.parse(sent.stdout).status).toBe("enroute");
  });
});
