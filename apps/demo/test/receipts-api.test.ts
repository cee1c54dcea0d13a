import { createHmac } from "node:crypto";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;
let vendor: FakeHttpServer;
let sent = 0;
beforeAll(async () => {
  demo = await startDemo();
  vendor = await startHttpServer({ responder: () => ({ status: 201, body: { sid: `SM${++sent}` } }) });
});
afterAll(async () => {
  await vendor.close();
  await demo.close();
});

const callback = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });

async function saveGateway(name: string, parameters: Record<string, unknown>) {
  const saved = await demo.request("PUT", `/api/gateways/${name}`, {
    body: {
      provider: "http",
      parameters: { HTTP_METHOD: "POST", ...parameters, URL: `${vendor.url}/Messages.json` },
      options: { To: "{phone}", Body: "{otp}" },
    },
  });
  expect(saved.status).toBe(200);
  return saved.json as { receiptUrl?: string; parameters: Record<string, unknown> };
}

async function status(id: string) {
  return (await demo.request("GET", `/api/messages/${id}`)).json as { status: string; history: unknown[] };
}

describe("status callbacks through the demo", () => {
  it("gives a gateway with receipts a secret receipt URL; a callback to it moves the message, a wrong secret changes nothing", async () => {
    const saved = await saveGateway("vendor", {
      MESSAGE_ID_FIELD: "/sid",
      RECEIPTS: "yes",
      RECEIPT_ID_FIELD: "id",
      RECEIPT_STATUS_FIELD: "status",
    });
    expect(saved.parameters.RECEIPT_SECRET).toBe("__CENSORED__");
    expect(saved.receiptUrl).toMatch(new RegExp(`^${demo.url}receipts/vendor/[A-Za-z0-9_-]{32}$`));
    const receiptUrl = saved.receiptUrl as string;
    // Saved again as the UI does (secret censored): the URL stays.
    expect((await saveGateway("vendor", saved.parameters)).receiptUrl).toBe(receiptUrl);
    const message = await demo.request("POST", "/api/gateways/vendor/send", {
      body: { to: "+4917012345678", message: "code 1" },
    });
    expect(message.status).toBe(200);
    const wrong = await callback(`${receiptUrl.slice(0, -3)}xyz`, {
      id: message.json.messageId,
      status: "delivered",
    });
    expect(wrong.status).toBe(404);
    expect((await callback(`${demo.url}receipts/nope/abc`, { id: "x", status: "delivered" })).status).toBe(
      404,
    );
    expect((await status(message.json.id)).status).toBe("submitted");
    const right = await callback(receiptUrl, { id: message.json.messageId, status: "delivered" });
    expect(right.status).toBe(200);
    expect((await status(message.json.id)).status).toBe("delivered");
    const listed = await demo.request("GET", "/api/gateways");
    expect(listed.json.find((gateway: { name: string }) => gateway.name === "vendor").receiptUrl).toBe(
      receiptUrl,
    );
  });

  it("the Twilio preset: a valid signature moves the message to delivered, a wrong one is refused and changes nothing", async () => {
    const providers = await demo.request("GET", "/api/providers");
    const preset = providers.json
      .find((provider: { id: string }) => provider.id === "http")
      .presets.find((candidate: { name: string }) => candidate.name === "twilio");
    const authToken = "twilio-auth-token";
    const saved = await saveGateway("twilio", { ...preset.parameters, PASSWORD: authToken });
    const receiptUrl = saved.receiptUrl as string;
    const message = await demo.request("POST", "/api/gateways/twilio/send", {
      body: { to: "+4917012345678", message: "code 2" },
    });
    const fields = { MessageSid: message.json.messageId, MessageStatus: "delivered", To: "+4917012345678" };
    const signed =
      receiptUrl +
      Object.keys(fields)
        .sort()
        .map((key) => key + fields[key as keyof typeof fields])
        .join("");
    const sign = (key: string) => createHmac("sha1", key).update(signed).digest("base64");
    const forged = await callback(receiptUrl, fields, { "x-twilio-signature": sign("not-the-token") });
    expect(forged.status).toBe(403);
    expect((await forged.json()).code).toBe("SMSKIT_E_RECEIPT_REFUSED");
    expect((await status(message.json.id)).history).toHaveLength(1);
    const genuine = await callback(receiptUrl, fields, { "x-twilio-signature": sign(authToken) });
    expect(genuine.status).toBe(200);
    expect((await status(message.json.id)).status).toBe("delivered");
  });
});
