import { createSmskit, SmsError } from "@smskit/core";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeHttpServer, type HttpReply, startHttpServer } from "../src/index.js";
import { webhookProvider } from "./fixtures/webhook-provider.js";

let server: FakeHttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Send one message through a webhook gateway aimed at url; resolves with the result or the error. */
async function sendVia(url: string): Promise<unknown> {
  const smskit = await createSmskit({ providers: [webhookProvider] });
  try {
    await smskit.saveGateway({ name: "hook", provider: "webhook", parameters: { URL: url, TOKEN: "t0k" } });
    return await smskit.send("hook", "+491511", "code 42", { timeoutMs: 5000 });
  } catch (error) {
    return error;
  } finally {
    await smskit.close();
  }
}

async function answering(reply: HttpReply): Promise<string> {
  server = await startHttpServer({ responder: reply });
  return `${server.url}/hook`;
}

describe("the webhook fixture provider", () => {
  it("POSTs { to, text } as JSON with the bearer token", async () => {
    const result = await sendVia(await answering({ body: "ok" }));
    expect(result).toMatchObject({ gateway: "hook", provider: "webhook", details: { status: 200 } });
    expect(server?.requests[0]).toMatchObject({ method: "POST", json: { to: "+491511", text: "code 42" } });
    expect(server?.requests[0]?.headers.authorization).toBe("Bearer t0k");
  });

  it("maps connection refused to SMSKIT_E_WEBHOOK_CONNECTION, retry-safe", async () => {
    const url = await answering({});
    await server?.close();
    const error = await sendVia(url);
    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({ code: "SMSKIT_E_WEBHOOK_CONNECTION", retrySafe: true, gateway: "hook" });
  });

  it("maps a dropped connection to SMSKIT_E_WEBHOOK_DROPPED, delivery unknown", async () => {
    const error = await sendVia(await answering({ reset: true }));
    expect(error).toMatchObject({
      code: "SMSKIT_E_WEBHOOK_DROPPED",
      retrySafe: false,
      deliveryUnknown: true,
    });
  });

  it("maps a 5xx answer to SMSKIT_E_WEBHOOK_REJECTED with the body, secrets redacted", async () => {
    const error = await sendVia(await answering({ status: 503, body: "busy, token t0k" }));
    expect(error).toMatchObject({ code: "SMSKIT_E_WEBHOOK_REJECTED", details: { status: 503 } });
    expect((error as Error).message).toBe(
      "gateway 'hook': the webhook answered 503: busy, token __CENSORED__",
    );
  });
});
