import { ConfigurationError, createSmskit, SmsError, type Smskit } from "@smskit/core";
import { closedPort, type FakeHttpServer, startForwardProxy, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import sipgateProvider from "../src/index.js";
import { rejection } from "./sipgate-fakes.js";

const token = "personal-access-token-123";
let server: FakeHttpServer;
let smskit: Smskit;

beforeEach(async () => {
  server = await startHttpServer({ responder: { status: 204 } });
  smskit = await createSmskit({ providers: [sipgateProvider] });
});

afterEach(async () => {
  await smskit.close();
  await server.close();
});

async function saveGateway(parameters: Record<string, unknown> = {}): Promise<void> {
  await smskit.saveGateway({
    name: "rest-gw",
    provider: "sipgate",
    parameters: {
      MODE: "rest",
      SMS_ID: "s0",
      USERNAME: "token-id",
      PASSWORD: token,
      URL: `${server.url}/v2`,
      ...parameters,
    },
  });
}

describe("sipgate provider, REST mode", () => {
  it("posts smsId, recipient and the exact message as JSON to /sessions/sms with basic auth", async () => {
    await saveGateway();
    const text = `a < b && "c" ]]> \\ 😀\nnew line {otp} {phone}`;

    const result = await smskit.send("rest-gw", "+491701234567", text);

    expect(result.details).toEqual({ status: 204 });
    const [request] = await server.waitForRequests(1);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v2/sessions/sms");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`token-id:${token}`).toString("base64")}`,
    );
    expect(request?.json).toEqual({ smsId: "s0", recipient: "+491701234567", message: text });
  });

  it("joins a base URL that ends with a slash", async () => {
    await saveGateway({ URL: `${server.url}/v2/` });
    await smskit.send("rest-gw", "123", "hi");
    const [request] = await server.waitForRequests(1);
    expect(request?.path).toBe("/v2/sessions/sms");
  });

  it("takes any 2xx for success", async () => {
    server.respond({ status: 200, body: {} });
    await saveGateway();
    await expect(smskit.send("rest-gw", "123", "hi")).resolves.toMatchObject({ details: { status: 200 } });
  });

  it.each([401, 403])("reports %i as a login problem", async (status) => {
    server.respond({ status, body: { message: "unauthorized" } });
    await saveGateway();
    const error = (await rejection(smskit.send("rest-gw", "123", "hi"))) as SmsError;
    expect(error).toBeInstanceOf(SmsError);
    expect(error.code).toBe("SMSKIT_E_SIPGATE_AUTH");
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).not.toContain(token);
  });

  it("reports other statuses with the answer", async () => {
    server.respond({ status: 400, body: { message: "recipient invalid" } });
    await saveGateway();
    const error = (await rejection(smskit.send("rest-gw", "123", "hi"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_STATUS");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain("HTTP 400");
    expect(error.message).toContain("recipient invalid");
  });

  it("sends message text XML cannot carry, since JSON can", async () => {
    await saveGateway();
    await smskit.send("rest-gw", "123", "bell \u0007");
    const [request] = await server.waitForRequests(1);
    expect(request?.json).toMatchObject({ message: "bell \u0007" });
  });

  it("goes through a forward proxy", async () => {
    const proxy = await startForwardProxy();
    try {
      await saveGateway({ PROXY: proxy.url });
      await smskit.send("rest-gw", "123", "proxied");
      expect(server.requests).toHaveLength(1);
      expect(proxy.requests.length).toBeGreaterThan(0);
    } finally {
      await smskit.close();
      await proxy.close();
    }
  });

  it("reports a refused connection as retry safe", async () => {
    await saveGateway({ URL: `http://127.0.0.1:${await closedPort()}/v2` });
    const error = (await rejection(smskit.send("rest-gw", "123", "hi"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_UNREACHABLE");
    expect(error.retrySafe).toBe(true);
  });

  it("gives up at the send deadline", async () => {
    server.respond({ hang: true });
    await saveGateway();
    const started = Date.now();
    const error = (await rejection(smskit.send("rest-gw", "123", "hi", { timeoutMs: 300 }))) as SmsError;
    expect(Date.now() - started).toBeLessThan(300 + 1500);
    expect(error.code).toBe("SMSKIT_E_SEND_TIMEOUT");
    expect(error.deliveryUnknown).toBe(true);
  });

  it("refuses rest mode without SMS_ID when the gateway is saved", async () => {
    const error = await rejection(saveGateway({ SMS_ID: "" }));
    expect(error).toBeInstanceOf(ConfigurationError);
    const refusal = error as ConfigurationError;
    expect(refusal.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    expect(refusal.issues.map((issue) => issue.key)).toEqual(["SMS_ID"]);
    expect(refusal.message).toContain("parameter SMS_ID is required when MODE is rest");
  });

  it("refuses an unknown MODE", async () => {
    const error = (await rejection(saveGateway({ MODE: "soap" }))) as ConfigurationError;
    expect(error.message).toContain("parameter MODE must be one of xmlrpc, rest");
  });
});
