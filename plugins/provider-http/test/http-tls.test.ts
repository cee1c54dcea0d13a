import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAll, expectSmsError, httpGateway } from "./gateway-harness.js";

let server: FakeHttpServer;

beforeEach(async () => {
  server = await startHttpServer({ tls: true });
});

afterEach(async () => {
  await closeAll();
  await server.close();
});

describe("HTTPS with a self-signed certificate", () => {
  it("is refused with CHECK_SSL=yes (the default), naming CHECK_SSL; nothing is sent", async () => {
    const gateway = await httpGateway({
      parameters: { URL: `${server.url}/send`, HTTP_METHOD: "POST", CHECK_SSL: "yes" },
      options: { to: "{phone}" },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_TLS_VERIFY");
    expect(error.message).toContain("CHECK_SSL");
    expect(error.message).toContain(`${server.url}/send`);
    expect(error.retrySafe).toBe(true);
    expect(server.requests).toHaveLength(0);

    const byDefault = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    await expectSmsError(byDefault.send("1", "x"), "SMSKIT_E_HTTP_TLS_VERIFY");
  });

  it("is delivered with CHECK_SSL=no", async () => {
    const gateway = await httpGateway({
      parameters: {
        URL: `${server.url}/send`,
        HTTP_METHOD: "POST",
        CHECK_SSL: "no",
        SEND_DATA_AS_JSON: "yes",
      },
      options: { to: "{phone}", text: "{otp}" },
    });
    await gateway.send("+491", "über TLS");
    const [request] = await server.waitForRequests(1);
    expect(request?.json).toEqual({ to: "+491", text: "über TLS" });
  });

  it("turns verification off only for the gateway that says CHECK_SSL=no", async () => {
    const trusting = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", CHECK_SSL: false },
    });
    const strict = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", CHECK_SSL: true },
    });
    await trusting.send("1", "x");
    await expectSmsError(strict.send("1", "x"), "SMSKIT_E_HTTP_TLS_VERIFY");
    await trusting.send("2", "y");
    await expectSmsError(strict.send("2", "y"), "SMSKIT_E_HTTP_TLS_VERIFY");
    expect(server.requests).toHaveLength(2);
  });

  it("reports a plain-HTTP URL pointed at the TLS port as a failed request, not a certificate problem", async () => {
    const gateway = await httpGateway({
      parameters: { URL: server.url.replace("https://", "http://"), HTTP_METHOD: "GET" },
    });
    const error = await gateway.send("1", "x").catch((reason: unknown) => reason);
    expect(error).toMatchObject({ gateway: "sms" });
    expect((error as { code: string }).code).toMatch(/^SMSKIT_E_HTTP_(CONNECTION_RESET|REQUEST_FAILED)$/);
  });
});
