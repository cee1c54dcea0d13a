import { createSmskit, SmsError, type Smskit } from "@smskit/core";
import { closedPort, type FakeHttpServer, startForwardProxy, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import sipgateProvider from "../src/index.js";
import { eventually, rejection, xmlRpcFault, xmlRpcSuccess } from "./sipgate-fakes.js";
import { parseMethodCall } from "./xml-rpc-call-parser.js";

const password = "pa55:wörd-s3cret";
let server: FakeHttpServer;
let smskit: Smskit;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  server = await startHttpServer({ responder: xmlRpcSuccess("session-42") });
  smskit = await createSmskit({ providers: [sipgateProvider] });
});

afterEach(async () => {
  await smskit.close();
  await server.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function saveGateway(parameters: Record<string, unknown> = {}): Promise<void> {
  await smskit.saveGateway({
    name: "sipgate-gw",
    provider: "sipgate",
    parameters: { USERNAME: "alice", PASSWORD: password, URL: `${server.url}/RPC2`, ...parameters },
  });
}

describe("sipgate provider, XML-RPC mode", () => {
  it("posts samurai.SessionInitiate with the exact message, basic auth and text/xml", async () => {
    await saveGateway();
    const text = `a < b && c > d ]]> <![CDATA[x]]> "quoted" 'single' &amp; 😀 é\nline two\r\nline three\ttab`;

    const result = await smskit.send("sipgate-gw", "+491701234567", text);

    expect(result).toMatchObject({ gateway: "sipgate-gw", provider: "sipgate", messageId: "session-42" });
    const [request] = await server.waitForRequests(1);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/RPC2");
    expect(request?.headers["content-type"]).toBe("text/xml");
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`alice:${password}`).toString("base64")}`,
    );
    expect(parseMethodCall(request?.text ?? "")).toEqual({
      methodName: "samurai.SessionInitiate",
      params: [{ RemoteUri: "sip:491701234567@sipgate.de", TOS: "text", Content: text }],
    });
    expect(request?.text).not.toContain("]]>");
  });

  it("uses the number after the REGEXP rewrite, without a leading +", async () => {
    await saveGateway({ REGEXP: "/^0/+49/" });
    await smskit.send("sipgate-gw", "01701234567", "hi");
    const [request] = await server.waitForRequests(1);
    expect(parseMethodCall(request?.text ?? "").params[0]).toMatchObject({
      RemoteUri: "sip:491701234567@sipgate.de",
    });
  });

  it("accepts privacyIDEA's module path and privacyIDEA's parameters", async () => {
    await smskit.saveGateway({
      name: "legacy",
      provider: "privacyidea.lib.smsprovider.SipgateSMSProvider.SipgateSMSProvider",
      parameters: { USERNAME: "alice", PASSWORD: password, URL: `${server.url}/RPC2`, PROXY: "", REGEXP: "" },
    });
    await smskit.send("legacy", "123", "legacy");
    expect(server.requests).toHaveLength(1);
  });

  it("reuses its connections for consecutive messages instead of opening one per message", async () => {
    await saveGateway();
    for (let index = 0; index < 20; index++)
      await smskit.send("sipgate-gw", String(index), `message ${index}`);
    expect(server.requests).toHaveLength(20);
    // undici may hand the next request to a second connection while the first is still
    // finishing its previous answer; it never opens one per message.
    expect(server.connectionsOpened).toBeLessThanOrEqual(2);
  });

  it("fails with the fault's code and string on an XML-RPC fault", async () => {
    server.respond(xmlRpcFault(407, "Action denied: insufficient funds &amp; more"));
    await saveGateway();

    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;

    expect(error).toBeInstanceOf(SmsError);
    expect(error.code).toBe("SMSKIT_E_SIPGATE_FAULT");
    expect(error.gateway).toBe("sipgate-gw");
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain("fault 407: Action denied: insufficient funds & more");
    expect(error.details).toMatchObject({
      faultCode: 407,
      faultString: "Action denied: insufficient funds & more",
    });
  });

  it("fails on a StatusCode other than 200 in the answer", async () => {
    server.respond({
      headers: { "content-type": "text/xml" },
      body: xmlRpcSuccess("s")
        .body.replace("<i4>200</i4>", "<i4>402</i4>")
        .replace("Method success", "Payment required"),
    });
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_REJECTED");
    expect(error.message).toContain("StatusCode 402: Payment required");
  });

  it("reports a 401 as a login problem without the password", async () => {
    server.respond({ status: 401, body: `bad credentials for alice:${password}` });
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_AUTH");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("USERNAME and PASSWORD");
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it("fails on any status other than 200", async () => {
    server.respond({ status: 502, body: "upstream trouble" });
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    // The one assertion changed by the split of SMSKIT_E_SIPGATE_STATUS: a 5xx has its own code.
    expect(error.code).toBe("SMSKIT_E_SIPGATE_SERVER_ERROR");
    expect(error.message).toContain("HTTP 502: upstream trouble");
    expect(error.deliveryUnknown).toBe(true);
  });

  it("does not take a 200 that is no XML-RPC answer for success", async () => {
    server.respond({
      headers: { "content-type": "text/html" },
      body: "<html><body>Captive portal</body></html>",
    });
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_RESPONSE");
    expect(error.deliveryUnknown).toBe(true);
    expect(error.message).toContain("Captive portal");
  });

  it.each([
    ["a control character", "code \u0001 here", "U+0001"],
    ["a lone surrogate", "broken \ud83d emoji", "U+D83D"],
    ["U+FFFE", "odd \ufffe", "U+FFFE"],
  ])("refuses a message with %s and sends nothing", async (_label, text, codePoint) => {
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", text))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_MESSAGE_INVALID");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain(codePoint);
    expect(server.requests).toHaveLength(0);
  });

  it("goes through a forward proxy when PROXY is set", async () => {
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    await saveGateway({ PROXY: proxy.url });

    await smskit.send("sipgate-gw", "123", "via proxy 😀");

    const [request] = await server.waitForRequests(1);
    expect(parseMethodCall(request?.text ?? "").params[0]).toMatchObject({ Content: "via proxy 😀" });
    expect(proxy.requests.map((entry) => entry.target).join(" ")).toContain(`127.0.0.1:${server.port}`);
  });

  it("sends the proxy credentials from PROXY, and a refused tunnel is retry safe", async () => {
    const proxy = await startForwardProxy({ requireAuth: { username: "proxyuser", password: "proxypass" } });
    cleanups.push(() => proxy.close());
    const base = proxy.url.replace("://", "://proxyuser:proxypass@");
    await saveGateway({ PROXY: base });
    await smskit.send("sipgate-gw", "123", "authorized");
    expect(server.requests).toHaveLength(1);

    await saveGateway({ PROXY: proxy.url.replace("://", "://proxyuser:wrong@") });
    const error = (await rejection(smskit.send("sipgate-gw", "123", "refused"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_UNREACHABLE");
    expect(error.retrySafe).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("reports a refused connection as retry safe", async () => {
    const port = await closedPort();
    await saveGateway({ URL: `http://127.0.0.1:${port}/RPC2` });
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_UNREACHABLE");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("refuses a certificate it cannot verify before sending anything", async () => {
    const tlsServer = await startHttpServer({ tls: true, responder: xmlRpcSuccess("tls") });
    cleanups.push(() => tlsServer.close());
    await saveGateway({ URL: `${tlsServer.url}/RPC2` });
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_TLS");
    expect(error.retrySafe).toBe(true);
    expect(tlsServer.requests).toHaveLength(0);
  });

  it("reports a dropped connection as delivery unknown", async () => {
    server.respond({ reset: true });
    await saveGateway();
    const error = (await rejection(smskit.send("sipgate-gw", "123", "hello"))) as SmsError;
    expect(error.code).toBe("SMSKIT_E_SIPGATE_CONNECTION");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(true);
  });

  it("gives up at the send deadline and drops the connection", async () => {
    server.respond({ hang: true });
    await saveGateway();
    const started = Date.now();
    const error = (await rejection(
      smskit.send("sipgate-gw", "123", "hello", { timeoutMs: 300 }),
    )) as SmsError;
    expect(Date.now() - started).toBeLessThan(300 + 1500);
    expect(error.code).toBe("SMSKIT_E_SEND_TIMEOUT");
    expect(error.deliveryUnknown).toBe(true);
    await eventually(() => server.openConnections === 0);
  });

  it("closes its connections when smskit closes", async () => {
    await saveGateway();
    await smskit.send("sipgate-gw", "123", "hello");
    expect(server.openConnections).toBe(1);
    await smskit.close();
    await eventually(() => server.openConnections === 0);
  });
});
