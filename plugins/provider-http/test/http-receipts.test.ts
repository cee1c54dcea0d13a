import { createHmac } from "node:crypto";
import { createSmskit, type Smskit } from "@smskit/core";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import httpProvider, { twilioPreset } from "../src/index.js";

let server: FakeHttpServer | undefined;
let smskit: Smskit | undefined;
afterEach(async () => {
  await smskit?.close();
  await server?.close();
  smskit = undefined;
  server = undefined;
});

async function gatewayAnswering(body: string | object, parameters: Record<string, unknown>, status = 200) {
  server = await startHttpServer({ responder: { status, body } });
  smskit = await createSmskit({ providers: [httpProvider] });
  await smskit.saveGateway({
    name: "otp",
    provider: "http",
    parameters: { HTTP_METHOD: "POST", ...parameters, URL: `${server.url}/send` },
    options: { to: "{phone}", text: "{otp}" },
  });
  return smskit;
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  url: "https://demo.example/receipts/otp/s3cr3t",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("HTTP status callbacks", () => {
  it("reads the message id by JSON pointer and moves the message with a form callback", async () => {
    const kit = await gatewayAnswering(
      { data: { ref: "abc-1" } },
      {
        MESSAGE_ID_FIELD: "/data/ref",
        RECEIPTS: "yes",
        RECEIPT_ID_FIELD: "ref",
        RECEIPT_STATUS_FIELD: "state",
        RECEIPT_STATUS_MAP: '{"DELIVRD": "delivered", "ACK": "enroute"}',
      },
    );
    const sent = await kit.send("otp", "+4917012345678", "code 1");
    expect(sent.messageId).toBe("abc-1");
    expect(await kit.handleReceipt("otp", form({ ref: "abc-1", state: "ack" }))).toEqual({
      reports: 1,
      messages: [sent.id],
    });
    await kit.handleReceipt("otp", form({ ref: "abc-1", state: "DELIVRD" }));
    await kit.handleReceipt("otp", form({ ref: "abc-1", state: "weird" }));
    const record = await kit.status(sent.id);
    expect(record?.status).toBe("delivered");
    expect(record?.history.map((change) => [change.status, change.ignored ?? false])).toEqual([
      ["submitted", false],
      ["enroute", false],
      ["delivered", false],
      ["delivered", true],
    ]);
  });

  it("reads the message id of a text answer by regex and takes JSON and query callbacks", async () => {
    const kit = await gatewayAnswering("OK ID: 7781 queued", {
      MESSAGE_ID_FIELD: "/ID: (\\d+)/",
      RECEIPTS: true,
      RECEIPT_ID_FIELD: "/msg/id",
      RECEIPT_STATUS_FIELD: "status",
    });
    const sent = await kit.send("otp", "+4917012345678", "code 2");
    expect(sent.messageId).toBe("7781");
    await kit.handleReceipt("otp", {
      method: "POST",
      url: "https://demo.example/cb?status=enroute",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msg: { id: 7781 } }),
    });
    expect((await kit.status(sent.id))?.status).toBe("enroute");
    // A message the gateway never answered for: kept for a later match, this one unchanged.
    const other = await kit.handleReceipt("otp", {
      method: "POST",
      url: "https://demo.example/cb?status=expired",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msg: { id: "x-1" } }),
    });
    expect(other).toEqual({ reports: 1, messages: [] });
    expect((await kit.status(sent.id))?.status).toBe("enroute");
    await expect(
      kit.handleReceipt("otp", {
        method: "GET",
        url: "https://demo.example/cb?status=expired",
        headers: {},
        body: "",
      }),
    ).rejects.toMatchObject({ code: "SMSKIT_E_RECEIPT_REFUSED" });
  });

  it("refuses callbacks when RECEIPTS is off, and malformed receipt parameters at save time", async () => {
    const kit = await gatewayAnswering("OK", {});
    await expect(kit.handleReceipt("otp", form({ id: "1", status: "delivered" }))).rejects.toMatchObject({
      code: "SMSKIT_E_RECEIPTS_OFF",
    });
    const invalid = (parameters: Record<string, unknown>) =>
      kit.saveGateway({
        name: "bad",
        provider: "http",
        parameters: { URL: "https://x.example", HTTP_METHOD: "GET", ...parameters },
      });
    await expect(invalid({ MESSAGE_ID_FIELD: "sid" })).rejects.toThrow(
      /MESSAGE_ID_FIELD must be a JSON pointer/,
    );
    await expect(invalid({ MESSAGE_ID_FIELD: "/no group/" })).rejects.toThrow(/exactly one capturing group/);
    await expect(invalid({ RECEIPT_STATUS_MAP: '{"x": "arrived"}' })).rejects.toThrow(
      /RECEIPT_STATUS_MAP must be a JSON object/,
    );
    expect(await kit.getGateway("bad")).toBeUndefined();
  });

  it("the Twilio preset: a valid X-Twilio-Signature moves the message, a wrong one changes nothing", async () => {
    const authToken = "twilio-auth-token-1234";
    const kit = await gatewayAnswering(
      { sid: "SM0123456789abcdef", status: "queued" },
      { ...twilioPreset.parameters, PASSWORD: authToken },
      201,
    );
    const sent = await kit.send("otp", "+4917012345678", "code 3");
    expect(sent.messageId).toBe("SM0123456789abcdef");
    const fields = {
      MessageSid: "SM0123456789abcdef",
      MessageStatus: "delivered",
      To: "+4917012345678",
      AccountSid: "AC1",
    };
    const callback = form(fields);
    const signed =
      callback.url +
      Object.keys(fields)
        .sort()
        .map((key) => key + fields[key as keyof typeof fields])
        .join("");
    const signature = createHmac("sha1", authToken).update(signed).digest("base64");
    for (const wrong of [undefined, createHmac("sha1", "other-token").update(signed).digest("base64")]) {
      const headers = { ...callback.headers, ...(wrong ? { "x-twilio-signature": wrong } : {}) };
      await expect(kit.handleReceipt("otp", { ...callback, headers })).rejects.toMatchObject({
        code: "SMSKIT_E_RECEIPT_REFUSED",
      });
    }
    expect((await kit.status(sent.id))?.history).toHaveLength(1);
    const tampered = form({ ...fields, MessageStatus: "undelivered" });
    await expect(
      kit.handleReceipt("otp", {
        ...tampered,
        headers: { ...tampered.headers, "x-twilio-signature": signature },
      }),
    ).rejects.toMatchObject({ code: "SMSKIT_E_RECEIPT_REFUSED" });
    await kit.handleReceipt("otp", {
      ...callback,
      headers: { ...callback.headers, "x-twilio-signature": signature },
    });
    expect((await kit.status(sent.id))?.status).toBe("delivered");
  });
});
