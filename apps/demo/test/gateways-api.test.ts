// The provider catalogue, gateway CRUD with censored secrets and 422 issues, and sends that fail (502, 422).
import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("providers", () => {
  it("lists the same objects as `smskit providers --json`, presets included", async () => {
    const response = await demo.request("GET", "/api/providers");
    expect(response.status).toBe(200);
    expect(response.json).toEqual(JSON.parse(JSON.stringify(demo.app.demo.smskit.providers())));
    const http = response.json.find((provider: { id: string }) => provider.id === "http");
    expect(http).toMatchObject({
      kind: "sms",
      package: "@smskit/provider-http",
      optionsAllowed: true,
      headersAllowed: true,
    });
    expect(http.parameters.properties.PASSWORD.writeOnly).toBe(true);
    expect(http.parameters.required).toEqual(["URL", "HTTP_METHOD"]);
    expect(http.presets.map((preset: { name: string }) => preset.name)).toContain("clickatell");
  });
});

describe("gateways", () => {
  it("saves, lists, reads with secrets censored, keeps a secret written back as __CENSORED__, clears it with ''", async () => {
    const gateway = await startHttpServer({ responder: { body: "OK" } });
    try {
      const saved = await demo.request("PUT", "/api/gateways/secret-one", {
        body: {
          provider: "http",
          description: "with secrets",
          parameters: { URL: `${gateway.url}/send`, HTTP_METHOD: "POST", USERNAME: "user", PASSWORD: "pa55" },
          options: { to: "{phone}", text: "{otp}", apiKey: "k-123", sender: "shh" },
          headers: { "X-Auth": "header-secret" },
          secretOptions: ["sender"],
          secretHeaders: ["X-Auth"],
        },
      });
      expect(saved.status).toBe(200);
      expect(saved.json).toMatchObject({
        name: "secret-one",
        revision: 1,
        parameters: { PASSWORD: "__CENSORED__", USERNAME: "user" },
        options: { apiKey: "__CENSORED__", sender: "__CENSORED__", to: "{phone}" },
        headers: { "X-Auth": "__CENSORED__" },
        secretOptions: ["sender"],
        secretHeaders: ["X-Auth"],
      });
      expect(saved.text).not.toMatch(/pa55|k-123|shh|header-secret/);
      const read = await demo.request("GET", "/api/gateways/secret-one");
      expect(read.json).toEqual(saved.json);
      const list = await demo.request("GET", "/api/gateways");
      expect(list.json.map((entry: { name: string }) => entry.name)).toContain("secret-one");
      expect(list.text).not.toMatch(/pa55|k-123|shh|header-secret/);

      // Written back unchanged (as read, censored) with one change: the stored secrets stay.
      const { name, revision, updatedAt, ...rest } = read.json;
      const resaved = await demo.request("PUT", "/api/gateways/secret-one", {
        body: { ...rest, name, revision, updatedAt, description: "changed" },
      });
      expect(resaved.status).toBe(200);
      expect(resaved.json.revision).toBe(2);
      const sent = await demo.request("POST", "/api/gateways/secret-one/send", {
        body: { to: "+1", message: "hi" },
      });
      expect(sent.status).toBe(200);
      const request = gateway.requests.at(-1);
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from("user:pa55").toString("base64")}`);
      expect(request?.headers["x-auth"]).toBe("header-secret");
      expect(request?.form).toMatchObject({ apiKey: "k-123", sender: "shh", to: "+1", text: "hi" });

      const cleared = await demo.request("PUT", "/api/gateways/secret-one", {
        body: { ...rest, parameters: { ...rest.parameters, PASSWORD: "" } },
      });
      expect(cleared.status).toBe(200);
      expect(cleared.json.parameters.PASSWORD).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });

  it("answers 422 with every issue, keyed by parameter or options.X, and saves nothing", async () => {
    const response = await demo.request("PUT", "/api/gateways/broken", {
      body: {
        provider: "http",
        parameters: { URL: "not a url", HTTP_METHOD: "PATCH", PARAMETER: '{"api_id": "1"}' },
        options: { api_id: "2" },
      },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    const keys = response.json.issues.map((issue: { key: string }) => issue.key);
    expect(keys).toContain("URL");
    expect(keys).toContain("HTTP_METHOD");
    for (const issue of response.json.issues) expect(issue.message).toEqual(expect.any(String));
    expect((await demo.request("GET", "/api/gateways/broken")).status).toBe(404);

    const conflict = await demo.request("PUT", "/api/gateways/broken", {
      body: {
        provider: "http",
        parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET", PARAMETER: '{"api_id": "1"}' },
        options: { api_id: "2" },
      },
    });
    expect(conflict.status).toBe(422);
    expect(conflict.json.issues).toContainEqual({ key: "options.api_id", message: expect.any(String) });
  });

  it("answers 422 for an unknown provider and a malformed name", async () => {
    const unknown = await demo.request("PUT", "/api/gateways/x", { body: { provider: "htp" } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.code).toBe("SMSKIT_E_PROVIDER_UNKNOWN");
    expect(unknown.json.issues[0].key).toBe("provider");
    const badName = await demo.request("PUT", `/api/gateways/${encodeURIComponent("-bad name")}`, {
      body: { provider: "http", parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET" } },
    });
    expect(badName.status).toBe(422);
    expect(badName.json.issues.map((issue: { key: string }) => issue.key)).toContain("name");
  });

  it("answers 422 to a body that does not match the route schema, 400 to one that is not JSON", async () => {
    for (const [body, key] of [
      [{ parameters: {} }, "provider"],
      [{ provider: "http", options: { a: { nested: true } } }, "options.a"],
      [{ provider: "http", unexpected: 1 }, "unexpected"],
    ] as const) {
      const response = await demo.request("PUT", "/api/gateways/shape", { body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.json.code).toBe("SMSKIT_E_REQUEST_INVALID");
      expect(response.json.issues.map((issue: { key: string }) => issue.key)).toContain(key);
    }
    const renamed = await demo.request("PUT", "/api/gateways/shape", {
      body: { name: "other", provider: "http" },
    });
    expect(renamed.status).toBe(422);
    expect(renamed.json.issues[0].key).toBe("name");
    const notJson = await demo.request("PUT", "/api/gateways/shape", {
      headers: { "content-type": "application/json" },
      body: undefined,
    });
    expect(notJson.status).toBe(400);
  });

  it("refuses a save at a stale revision with 409", async () => {
    const body = { provider: "http", parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET" } };
    expect((await demo.request("PUT", "/api/gateways/revised", { body })).status).toBe(200);
    expect(
      (await demo.request("PUT", "/api/gateways/revised", { body: { ...body, expectedRevision: 1 } })).status,
    ).toBe(200);
    const stale = await demo.request("PUT", "/api/gateways/revised", {
      body: { ...body, expectedRevision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe("SMSKIT_E_GATEWAY_CONFLICT");
  });

  it("answers 404 for a missing gateway and deletes with 204", async () => {
    expect((await demo.request("GET", "/api/gateways/missing")).json.code).toBe("SMSKIT_E_GATEWAY_NOT_FOUND");
    expect((await demo.request("DELETE", "/api/gateways/missing")).status).toBe(404);
    const send = await demo.request("POST", "/api/gateways/missing/send", {
      body: { to: "1", message: "x" },
    });
    expect(send.status).toBe(404);
    expect(send.json.code).toBe("SMSKIT_E_GATEWAY_NOT_FOUND");
    await demo.request("PUT", "/api/gateways/short-lived", {
      body: { provider: "http", parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET" } },
    });
    expect((await demo.request("DELETE", "/api/gateways/short-lived")).status).toBe(204);
    expect((await demo.request("GET", "/api/gateways/short-lived")).status).toBe(404);
  });
});

describe("send", () => {
  it("answers 502 with the SmsError's code when the gateway's port is closed", async () => {
    const port = await closedPort();
    await demo.request("PUT", "/api/gateways/nowhere", {
      body: { provider: "http", parameters: { URL: `http://127.0.0.1:${port}/sms`, HTTP_METHOD: "POST" } },
    });
    const response = await demo.request("POST", "/api/gateways/nowhere/send", {
      body: { to: "+49170", message: "hello" },
    });
    expect(response.status).toBe(502);
    expect(response.json).toMatchObject({
      code: "SMSKIT_E_HTTP_CONNECTION_REFUSED",
      gateway: "nowhere",
      retrySafe: true,
      deliveryUnknown: false,
    });
    expect(response.json.message).toContain("nowhere");
    const metrics = await demo.request("GET", "/metrics", { token: null });
    expect(metrics.text).toContain(
      'smskit_sends_total{gateway="nowhere",provider="http",result="failure"} 1',
    );
  });

  it("answers 502 with the code for a gateway that answers an error status", async () => {
    const gateway = await startHttpServer({ responder: { status: 503, body: "busy" } });
    try {
      await demo.request("PUT", "/api/gateways/busy", {
        body: { provider: "http", parameters: { URL: gateway.url, HTTP_METHOD: "GET" } },
      });
      const response = await demo.request("POST", "/api/gateways/busy/send", {
        body: { to: "1", message: "x" },
      });
      expect(response.status).toBe(502);
      expect(response.json.code).toBe("SMSKIT_E_HTTP_STATUS");
    } finally {
      await gateway.close();
    }
  });

  it("answers 422 without a recipient and for one the REGEXP rewrites to nothing", async () => {
    const missing = await demo.request("POST", "/api/gateways/sandbox/send", { body: { message: "x" } });
    expect(missing.status).toBe(422);
    expect(missing.json.issues[0].key).toBe("to");
    await demo.request("PUT", "/api/gateways/rewrites", {
      body: {
        provider: "http",
        parameters: { URL: new URL("/sandbox/sms", demo.url).href, HTTP_METHOD: "POST", REGEXP: "/.*//" },
      },
    });
    const empty = await demo.request("POST", "/api/gateways/rewrites/send", {
      body: { to: "123", message: "x" },
    });
    expect(empty.status).toBe(422);
    expect(empty.json.code).toBe("SMSKIT_E_RECIPIENT_INVALID");
  });
});
