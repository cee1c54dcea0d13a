import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

const sandbox = () => new URL("/sandbox/sms", demo.url);
const inbox = async () => (await demo.request("GET", "/api/sandbox/messages")).json as { text?: string }[];

describe("the sandbox endpoint", () => {
  it("refuses (401) requests without the sandbox gateway's secret and stores nothing", async () => {
    await demo.request("DELETE", "/api/sandbox/messages");
    const outsiders: Record<string, string>[] = [
      {},
      { "x-sandbox-token": "guessed" },
      { "x-sandbox-token": "" },
    ];
    for (const headers of outsiders) {
      const posted = await fetch(sandbox(), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ to: "+1", text: "from outside" }),
      });
      expect(posted.status).toBe(401);
      expect(((await posted.json()) as { code: string }).code).toBe("SMSKIT_E_UNAUTHORIZED");
      expect((await fetch(new URL("?to=1&text=from%20outside", sandbox()), { headers })).status).toBe(401);
    }
    expect(await inbox()).toEqual([]);
    // The sandbox gateway carries the secret (a secret header, censored in every read) and delivers.
    const gateway = await demo.request("GET", "/api/gateways/sandbox");
    expect(gateway.json).toMatchObject({
      headers: { "X-Sandbox-Token": "__CENSORED__" },
      secretHeaders: ["X-Sandbox-Token"],
    });
    const sent = await demo.request("POST", "/api/gateways/sandbox/send", {
      body: { to: "+2", message: "inside" },
    });
    expect(sent.status).toBe(200);
    expect((await inbox()).map((message) => message.text)).toEqual(["inside"]);
  });

  it("refuses (413) a message larger than 64 KiB, even from the sandbox gateway, and keeps nothing of it", async () => {
    await demo.request("DELETE", "/api/sandbox/messages");
    const secret = { "x-sandbox-token": demo.app.demo.sandboxSecret.value };
    for (const [type, body] of [
      ["application/json", JSON.stringify({ to: "+1", text: "x".repeat(65 * 1024) })],
      ["text/plain", "x".repeat(65 * 1024)],
      ["application/x-www-form-urlencoded", `to=1&text=${"x".repeat(65 * 1024)}`],
    ] as const) {
      const posted = await fetch(sandbox(), {
        method: "POST",
        headers: { "content-type": type, ...secret },
        body,
      });
      expect(posted.status, type).toBe(413);
    }
    const fits = await fetch(sandbox(), {
      method: "POST",
      headers: { "content-type": "application/json", ...secret },
      body: JSON.stringify({ to: "+1", text: "y".repeat(60 * 1024) }),
    });
    expect(fits.status).toBe(200);
    expect((await inbox()).map((message) => message.text?.length)).toEqual([60 * 1024]);
  });

  it("keeps at most the inbox's capacity, dropping the oldest", async () => {
    const small = await startDemo({ sandboxCapacity: 2 });
    try {
      const secret = { "x-sandbox-token": small.app.demo.sandboxSecret.value };
      for (let index = 1; index <= 4; index++) {
        const posted = await fetch(new URL(`/sandbox/sms?to=1&text=m${index}`, small.url), {
          headers: secret,
        });
        expect(posted.status).toBe(200);
      }
      const kept = (await small.request("GET", "/api/sandbox/messages")).json as { text: string }[];
      expect(kept.map((message) => message.text)).toEqual(["m4", "m3"]);
    } finally {
      await small.close();
    }
  });
});

describe("API errors", () => {
  it("answers 422 with a clear issue for a PARAMETER nested 2000 levels deep, as object or as JSON text", async () => {
    let nested: Record<string, unknown> = { leaf: "1" };
    for (let level = 0; level < 2000; level++) nested = { a: nested };
    for (const PARAMETER of [nested, JSON.stringify(nested)]) {
      const saved = await demo.request("PUT", "/api/gateways/deep", {
        body: {
          provider: "http",
          parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "POST", PARAMETER },
        },
      });
      expect(saved.status).toBe(422);
      expect(saved.json).toMatchObject({
        code: "SMSKIT_E_GATEWAY_INVALID",
        issues: [
          { key: "PARAMETER", message: "nests objects or lists more than 32 levels deep; flatten it" },
        ],
      });
      expect(saved.text).not.toContain(demo.directory);
    }
    expect((await demo.request("GET", "/api/gateways/deep")).status).toBe(404);
  });

  it("answers an internal failure with a generic 500 that names no file and carries no stack", async () => {
    const broken = await startDemo();
    try {
      await broken.app.demo.smskit.store.close();
      for (const [method, path] of [
        ["GET", "/api/gateways"],
        ["GET", "/api/gateways/sandbox"],
        ["GET", "/api/export"],
      ] as const) {
        const response = await broken.request(method, path);
        expect(response.status, path).toBe(500);
        expect(response.json).toEqual({
          code: "SMSKIT_E_INTERNAL",
          message: "internal error; the server's log has the details",
        });
        expect(response.text).not.toContain(broken.directory);
        expect(response.text).not.toMatch(/\.db|\n\s+at /);
      }
    } finally {
      await broken.close().catch(() => {});
    }
  });

  it("answers a header that {otp} fills with a line break as retry-safe: nothing was sent", async () => {
    const gateway = await startHttpServer();
    try {
      const saved = await demo.request("PUT", "/api/gateways/header-otp", {
        body: {
          provider: "http",
          parameters: { URL: `${gateway.url}/send`, HTTP_METHOD: "POST" },
          options: { to: "{phone}" },
          headers: { "X-Code": "{otp}" },
        },
      });
      expect(saved.status).toBe(200);
      const sent = await demo.request("POST", "/api/gateways/header-otp/send", {
        body: { to: "+49170", message: "123456\r\nX-Injected: yes" },
      });
      expect(sent.status).toBe(502);
      expect(sent.json).toMatchObject({
        code: "SMSKIT_E_HTTP_REQUEST_INVALID",
        retrySafe: true,
        deliveryUnknown: false,
      });
      expect(sent.json.message).toMatch(/nothing was sent/);
      expect(gateway.requests).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  it("answers 422 to a header with CR/LF at save time and to a recipient starting with '-'", async () => {
    const saved = await demo.request("PUT", "/api/gateways/crlf", {
      body: {
        provider: "http",
        parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "POST" },
        headers: { "X-Auth": "a\r\nX-Injected: 1" },
      },
    });
    expect(saved.status).toBe(422);
    expect(saved.json.issues).toEqual([
      {
        key: "headers.X-Auth",
        message: "has a line break or another control character in its value; remove it",
      },
    ]);
    const dashed = await demo.request("POST", "/api/gateways/sandbox/send", {
      body: { to: "-rf", message: "x" },
    });
    expect(dashed.status).toBe(422);
    expect(dashed.json).toMatchObject({ code: "SMSKIT_E_RECIPIENT_INVALID", retrySafe: true });
  });
});
