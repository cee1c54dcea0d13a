// The web UI's files: served from public/ and its folders with a strict CSP, and the module of
// what the UI takes from the server instead of keeping copies.
import { CENSORED } from "@smskit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("the web UI's files", () => {
  it("serves the modules and styles in public/'s folders, and nothing that is not for the browser", async () => {
    for (const file of ["/views/gateway-form.js", "/fields/secret-field.js", "/styles/forms.css"]) {
      const asset = await demo.request("GET", file, { token: null });
      expect(asset.status, file).toBe(200);
      expect(asset.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
    for (const file of ["/tsconfig.json", "/server-facts.d.ts", "/shared/api-types.d.ts"]) {
      expect((await demo.request("GET", file, { token: null })).status, file).toBe(404);
    }
  });

  it("serves /server-facts.js from the server's own constants", async () => {
    const facts = await demo.request("GET", "/server-facts.js", { token: null });
    expect(facts.status).toBe(200);
    expect(facts.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(facts.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(facts.text).toBe(
      `export const censored = ${JSON.stringify(CENSORED)};\nexport const sandboxPath = "/sandbox/sms";\n`,
    );
  });
});

describe("the sandbox flag", () => {
  it("marks the gateways that deliver into the sandbox inbox, and only those", async () => {
    const sandbox = await demo.request("GET", "/api/gateways/sandbox");
    expect(sandbox.json.sandbox).toBe(true);
    await demo.request("PUT", "/api/gateways/elsewhere", {
      body: { provider: "http", parameters: { URL: "http://127.0.0.1:9/send", HTTP_METHOD: "GET" } },
    });
    await demo.request("PUT", "/api/gateways/copy", {
      body: {
        provider: "http",
        parameters: { URL: new URL("/sandbox/sms", demo.url).href, HTTP_METHOD: "GET" },
      },
    });
    const list = await demo.request("GET", "/api/gateways");
    const flags = Object.fromEntries(
      list.json.map((gateway: { name: string; sandbox?: boolean }) => [gateway.name, gateway.sandbox]),
    );
    expect(flags).toEqual({ sandbox: true, copy: true, elsewhere: undefined });
  });

  it("is ignored when a gateway read with GET is saved back", async () => {
    const read = await demo.request("GET", "/api/gateways/sandbox");
    const saved = await demo.request("PUT", "/api/gateways/sandbox", { body: read.json });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ sandbox: true, revision: read.json.revision + 1 });
  });
});
