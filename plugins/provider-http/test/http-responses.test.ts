import { createServer, type Server } from "node:net";
import { closedPort, type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAll, expectSmsError, httpGateway } from "./gateway-harness.js";

let server: FakeHttpServer;

beforeEach(async () => {
  server = await startHttpServer();
});

afterEach(async () => {
  await closeAll();
  await server.close();
});

describe("success", () => {
  it.each([200, 201, 202])("counts status %i as sent", async (status) => {
    server.respond({ status, body: "queued" });
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    const result = await gateway.send("1", "x");
    expect(result.details).toEqual({ status });
  });

  it.each([
    203, 301, 400, 404, 500, 503,
  ])("refuses status %i with the status and the start of the body", async (status) => {
    server.respond({ status, body: `failure ${status}` });
    const gateway = await httpGateway({ parameters: { URL: `${server.url}/send`, HTTP_METHOD: "GET" } });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_STATUS");
    expect(error.details).toEqual({ status });
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(`${server.url}/send`);
    expect(error.message).toContain(`failure ${status}`);
  });

  it("quotes only the first 200 bytes of the body, with secrets censored", async () => {
    const password = "pw-Secret-4711";
    const body = `denied for ${password} and api key ${"k".repeat(20)}${"x".repeat(400)}END`;
    server.respond({ status: 403, body });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST", USERNAME: "u", PASSWORD: password },
      options: { api_key: "k".repeat(20) },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_STATUS");
    expect(error.message).not.toContain(password);
    expect(error.message).not.toContain("k".repeat(20));
    expect(error.message).toContain("denied for __CENSORED__ and api key __CENSORED__");
    expect(error.message).not.toContain("END");
    const quoted = JSON.parse(/: (".*")/.exec(error.message)?.[1] ?? '""') as string;
    expect(Buffer.byteLength(quoted)).toBe(200);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it("censors a password given in the URL, in PARAMETER and in the proxy URL", async () => {
    server.respond({ status: 500, body: "echo: url-Secret / param-Secret" });
    const gateway = await httpGateway({
      parameters: {
        URL: server.url.replace("//", "//user:url-Secret@"),
        HTTP_METHOD: "GET",
        PARAMETER: { password: "param-Secret" },
      },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_STATUS");
    expect(error.message).toContain("echo: __CENSORED__ / __CENSORED__");
  });
});

describe("RETURN_SUCCESS and RETURN_FAIL", () => {
  it("is sent when RETURN_SUCCESS is in the body", async () => {
    server.respond({ body: "ID: 4f2a9c" });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", RETURN_SUCCESS: "ID" },
    });
    await expect(gateway.send("1", "x")).resolves.toMatchObject({ details: { status: 200 } });
  });

  it("fails when RETURN_SUCCESS is missing", async () => {
    server.respond({ body: "ERR: 001, Authentication failed" });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", RETURN_SUCCESS: "ID:" },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING");
    expect(error.message).toContain('RETURN_SUCCESS "ID:"');
    expect(error.message).toContain("Authentication failed");
    expect(error.retrySafe).toBe(false);
  });

  it("fails when RETURN_FAIL is found", async () => {
    server.respond({ status: 202, body: '{"status": "REJECTED"}' });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "POST", RETURN_FAIL: "REJECTED" },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_RETURN_FAIL_FOUND");
    expect(error.message).toContain('RETURN_FAIL "REJECTED"');
    expect(error.details).toEqual({ status: 202 });
  });

  it("is sent when RETURN_FAIL is absent", async () => {
    server.respond({ body: "ACCEPTED" });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", RETURN_FAIL: "REJECTED" },
    });
    await expect(gateway.send("1", "x")).resolves.toBeDefined();
  });

  it("checks the status before the body", async () => {
    server.respond({ status: 500, body: "ID: but broken" });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", RETURN_SUCCESS: "ID" },
    });
    await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_STATUS");
  });
});

describe("transport failures", () => {
  it("reports a refused connection as safe to retry", async () => {
    const port = await closedPort();
    const gateway = await httpGateway({
      parameters: { URL: `http://127.0.0.1:${port}/send`, HTTP_METHOD: "GET" },
    });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_CONNECTION_REFUSED");
    expect(error.retrySafe).toBe(true);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain(`http://127.0.0.1:${port}/send`);
  });

  it("reports a connection dropped without an answer as not known whether sent", async () => {
    server.respond({ reset: true });
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "POST" } });
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_CONNECTION_RESET");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(true);
    expect(error.message).toContain("not known whether the message was sent");
    // The pool recovers: the next send goes through.
    server.respond({ body: "OK" });
    await expect(gateway.send("1", "x")).resolves.toBeDefined();
  });

  it("fails within TIMEOUT when the gateway answers late, and the pool stays usable", async () => {
    server.respond({ delayMs: 3000, body: "late" });
    const gateway = await httpGateway({
      parameters: { URL: server.url, HTTP_METHOD: "GET", TIMEOUT: "0.4" },
    });
    const started = performance.now();
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_TIMEOUT");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(400 + 1500);
    expect(error.deliveryUnknown).toBe(true);
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain("TIMEOUT 0.4 s");
    expect(error.message).toContain("not known whether the message was sent");
    server.respond({ body: "OK" });
    await expect(gateway.send("1", "y")).resolves.toMatchObject({ details: { status: 200 } });
    expect(server.requests).toHaveLength(2);
  });

  it("defaults TIMEOUT to 3 seconds", async () => {
    server.respond({ hang: true });
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET" } });
    const started = performance.now();
    const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_TIMEOUT");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(3000 + 1500);
    expect(error.message).toContain("TIMEOUT 3 s");
  });

  it("stops at the caller's deadline when it comes before TIMEOUT", async () => {
    server.respond({ hang: true });
    const gateway = await httpGateway({ parameters: { URL: server.url, HTTP_METHOD: "GET", TIMEOUT: 30 } });
    const started = performance.now();
    const error = await expectSmsError(gateway.send("1", "x", { timeoutMs: 300 }), "SMSKIT_E_SEND_TIMEOUT");
    expect(performance.now() - started).toBeLessThan(300 + 1500);
    expect(error.deliveryUnknown).toBe(true);
  });

  it("reports a response that is not HTTP as a failed request", async () => {
    const garbage = await garbageServer();
    try {
      const gateway = await httpGateway({ parameters: { URL: garbage.url, HTTP_METHOD: "GET" } });
      const error = await expectSmsError(gateway.send("1", "x"), "SMSKIT_E_HTTP_REQUEST_FAILED");
      expect(error.deliveryUnknown).toBe(true);
    } finally {
      await garbage.close();
    }
  });
});

/** A TCP server on loopback that answers every request with bytes that are not HTTP. */
async function garbageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import("node:net").Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => socket.end("NOT HTTP AT ALL\r\n\r\n"));
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  const address = tcp.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        tcp.close(() => resolve());
      }),
  };
}
