// The admin token: every /api route refuses a request without it (401), the web UI, /healthz, /metrics and the sandbox endpoint need none; a generated token is kept hashed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("authentication", () => {
  const apiRoutes: [string, string][] = [
    ["GET", "/api/providers"],
    ["GET", "/api/gateways"],
    ["GET", "/api/gateways/sandbox"],
    ["PUT", "/api/gateways/sandbox"],
    ["DELETE", "/api/gateways/sandbox"],
    ["POST", "/api/gateways/sandbox/send"],
    ["GET", "/api/smtp-servers"],
    ["GET", "/api/smtp-servers/mail"],
    ["PUT", "/api/smtp-servers/mail"],
    ["DELETE", "/api/smtp-servers/mail"],
    ["GET", "/api/schemas/smtp-server"],
    ["GET", "/api/export"],
    ["POST", "/api/import"],
    ["GET", "/api/sandbox/messages"],
    ["DELETE", "/api/sandbox/messages"],
    ["POST", "/api/inspect"],
    ["GET", "/api/messages"],
    ["GET", "/api/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV"],
    ["GET", "/api/messages/events"],
    ["GET", "/api/openapi.json"],
  ];

  it.each(apiRoutes)("%s %s answers 401 without a token", async (method, path) => {
    const response = await demo.request(method, path, {
      token: null,
      ...(method === "PUT" || method === "POST" ? { body: {} } : {}),
    });
    expect(response.status).toBe(401);
    expect(response.json.code).toBe("SMSKIT_E_UNAUTHORIZED");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("answers 401 to a wrong token, a token of another length and a malformed header, and changes nothing", async () => {
    for (const headers of [
      { authorization: `Bearer ${testToken}x` },
      { authorization: "Bearer a" },
      { authorization: `Basic ${Buffer.from(`admin:${testToken}`).toString("base64")}` },
      { authorization: testToken },
    ]) {
      const response = await demo.request("DELETE", "/api/gateways/sandbox", { token: null, headers });
      expect(response.status).toBe(401);
    }
    expect((await demo.request("GET", "/api/gateways/sandbox")).status).toBe(200);
  });

  it("lets /healthz, /metrics, the web UI and the sandbox endpoint through without a token", async () => {
    const health = await demo.request("GET", "/healthz", { token: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: "ok", providers: expect.any(Number) });
    const page = await demo.request("GET", "/", { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.text).toContain('<script type="module" src="/app.js">');
    for (const file of ["/app.js", "/schema-form.js", "/styles.css"]) {
      const asset = await demo.request("GET", file, { token: null });
      expect(asset.status, file).toBe(200);
    }
    expect((await demo.request("GET", "/../package.json", { token: null })).status).toBe(404);
  });
});

describe("admin token generated at first start", () => {
  it("is generated once, kept hashed with mode 0600, accepted, and not generated again", async () => {
    const { readFile, stat } = await import("node:fs/promises");
    const first = await startDemo({ adminToken: undefined });
    const tokenFile = `${first.storePath}.admin-token`;
    let generated: string | undefined;
    try {
      generated = first.app.demo.adminToken.generated;
      expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await readFile(tokenFile, "utf8");
      expect(stored).not.toContain(generated);
      expect(stored).toMatch(/^sha256:[0-9a-f]{64}\n$/);
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      expect((await first.request("GET", "/api/gateways", { token: generated ?? "" })).status).toBe(200);
      expect((await first.request("GET", "/api/gateways")).status).toBe(401);
      await first.app.close();
      const { buildServer, startServer } = await import("../src/server.js");
      const again = await buildServer({ storePath: first.storePath, environment: {} });
      try {
        const url = await startServer(again, { host: "127.0.0.1", port: 0 });
        expect(again.demo.adminToken.generated).toBeUndefined();
        expect(again.demo.adminToken.source).toBe("file");
        expect((await call(url, "GET", "/api/gateways", { token: generated ?? "" })).status).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      await first.close();
    }
  });
});
