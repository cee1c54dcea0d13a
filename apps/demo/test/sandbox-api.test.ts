// The sandbox gateway and its inbox: created on first start, delivering byte-exact, bounded, following the port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("sandbox", () => {
  it("creates the sandbox gateway on first start and delivers into the inbox, byte-exact", async () => {
    const gateway = await demo.request("GET", "/api/gateways/sandbox");
    expect(gateway.json).toMatchObject({
      provider: "http",
      parameters: {
        URL: new URL("/sandbox/sms", demo.url).href,
        HTTP_METHOD: "POST",
        SEND_DATA_AS_JSON: true,
      },
    });
    const text = 'Grüße "quoted" & <b>tags</b>\nline 2 🎉';
    const sent = await demo.request("POST", "/api/gateways/sandbox/send", {
      body: { to: "+49 170 555", message: text },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ gateway: "sandbox", provider: "http", to: "+49 170 555" });
    expect(sent.json.durationMs).toBeGreaterThan(0);
    const inbox = await demo.request("GET", "/api/sandbox/messages");
    expect(inbox.json[0]).toMatchObject({ to: "+49 170 555", text, method: "POST" });
    expect(inbox.json[0].contentType).toMatch(/^application\/json/);
  });

  it("keeps the last messages, newest first, and empties on DELETE", async () => {
    const small = await startDemo({ sandboxCapacity: 3 });
    try {
      for (let index = 1; index <= 5; index += 1) {
        const sent = await small.request("POST", "/api/gateways/sandbox/send", {
          body: { to: `+${index}`, message: `message ${index}` },
        });
        expect(sent.status).toBe(200);
      }
      const inbox = await small.request("GET", "/api/sandbox/messages");
      expect(inbox.json.map((message: { text: string }) => message.text)).toEqual([
        "message 5",
        "message 4",
        "message 3",
      ]);
      expect((await small.request("DELETE", "/api/sandbox/messages")).status).toBe(204);
      expect((await small.request("GET", "/api/sandbox/messages")).json).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it("records GET query and form bodies too", async () => {
    const secret = { "x-sandbox-token": demo.app.demo.sandboxSecret.value };
    await demo.request("GET", "/sandbox/sms?phone=123&msg=hi%20there", { token: null, headers: secret });
    expect((await demo.request("GET", "/api/sandbox/messages")).json[0]).toMatchObject({
      to: "123",
      text: "hi there",
      method: "GET",
    });
    await fetch(new URL("/sandbox/sms", demo.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...secret },
      body: "To=%2B4911&Body=a%26b",
    });
    expect((await demo.request("GET", "/api/sandbox/messages")).json[0]).toMatchObject({
      to: "+4911",
      text: "a&b",
    });
  });

  it("is not created again when the store has definitions, and follows the port when it still points here", async () => {
    const { buildServer, startServer } = await import("../src/server.js");
    const first = await startDemo();
    try {
      await first.app.close();
      const again = await buildServer({ storePath: first.storePath, adminToken: testToken, environment: {} });
      try {
        const url = await startServer(again, { host: "127.0.0.1", port: 0 });
        const gateway = await call(url, "GET", "/api/gateways/sandbox");
        expect(gateway.json.parameters.URL).toBe(new URL("/sandbox/sms", url).href);
        expect(gateway.json.revision).toBe(2);
        expect((await call(url, "DELETE", "/api/gateways/sandbox")).status).toBe(204);
        await call(url, "PUT", "/api/gateways/other", {
          body: { provider: "http", parameters: { URL: "http://127.0.0.1:9/x", HTTP_METHOD: "GET" } },
        });
      } finally {
        await again.close();
      }
      const third = await buildServer({ storePath: first.storePath, adminToken: testToken, environment: {} });
      try {
        const url = await startServer(third, { host: "127.0.0.1", port: 0 });
        expect((await call(url, "GET", "/api/gateways/sandbox")).status).toBe(404);
      } finally {
        await third.close();
      }
    } finally {
      await first.close();
    }
  });
});
