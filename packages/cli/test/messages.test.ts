import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { runWithStore } from "./support/run.js";

describe("the message log through the CLI", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  /** The receipts the gateway reports for the next message. */
  let receipts: string[] = [];
  beforeEach(async () => {
    app = await createFixtureApp();
    let count = 0;
    server = await startHttpServer({
      responder: () => ({ body: { id: `msg-${++count}`, receipts: receipts.splice(0) } }),
    });
    const saved = await runWithStore(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "echo",
      "--param",
      `URL=${server.url}/send`,
    ]);
    expect(saved.code).toBe(0);
  });
  afterEach(async () => {
    await server.close();
    await app.remove();
  });

  it("--wait-receipt waits for the delivery receipt and exits 0; status shows the history", async () => {
    receipts = ["enroute", "delivered"];
    const sent = await runWithStore(app, [
      "send",
      "otp",
      "+4917012345678",
      "Code 123456",
      "--wait-receipt",
      "5",
      "--json",
    ]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { id: string; status: string; messageId: string };
    expect(result).toMatchObject({ status: "delivered", messageId: "msg-1" });
    const shown = await runWithStore(app, ["status", result.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status: +delivered/);
    expect(shown.stdout).toMatch(/to: +\*+5678/);
    expect(shown.stdout).toMatch(/submitted +send[\s\S]*enroute +receipt[\s\S]*delivered +receipt/);
    expect(shown.stdout).not.toContain("123456");
    const json = JSON.parse((await runWithStore(app, ["status", result.id, "--json"])).stdout) as {
      history: { status: string }[];
    };
    expect(json.history.map((change) => change.status)).toEqual(["submitted", "enroute", "delivered"]);
  });

  it("exits 1 for an undelivered message and 3 when no final status comes in time", async () => {
    receipts = ["undelivered"];
    const undelivered = await runWithStore(app, [
      "send",
      "otp",
      "+4917012345678",
      "x",
      "--wait-receipt",
      "5",
    ]);
    expect(undelivered.code).toBe(1);
    expect(undelivered.stdout).toMatch(/Status: undelivered\.\n$/);
    receipts = ["enroute"];
    const pending = await runWithStore(app, ["send", "otp", "+4917012345678", "x", "--wait-receipt", "1.5"]);
    expect(pending.code).toBe(3);
    // enroute once its receipt came; on a slow machine the wait may end before it does.
    expect(pending.stdout).toMatch(/Status: (enroute|submitted) — no final status within 1.5 s/);
  });

  it("lists messages with filters and refuses bad ones", async () => {
    receipts = ["delivered"];
    await runWithStore(app, ["send", "otp", "+4917012345678", "x", "--wait-receipt", "5"]);
    await runWithStore(app, ["send", "otp", "+4917012345679", "y"]);
    const all = JSON.parse((await runWithStore(app, ["messages", "--json"])).stdout) as { status: string }[];
    expect(all.map((message) => message.status)).toEqual(["submitted", "delivered"]);
    const delivered = await runWithStore(app, ["messages", "--status", "delivered"]);
    expect(delivered.stdout).toMatch(
      /^ID +STATUS +GATEWAY +TO +SENT\n[0-9A-Z]{26} +delivered +otp +\*+5678 /,
    );
    expect(delivered.stdout.trim().split("\n")).toHaveLength(2);
    const future = await runWithStore(app, ["messages", "--since", "2999-01-01T00:00:00Z"]);
    expect(future.stdout).toBe("No messages.\n");
    const bad = await runWithStore(app, ["messages", "--status", "lost"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status must be one of submitted, enroute/);
    expect((await runWithStore(app, ["messages", "--since", "yesterday"])).code).toBe(2);
    const missing = await runWithStore(app, ["status", "01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/SMSKIT_E_MESSAGE_NOT_FOUND/);
  });
});
