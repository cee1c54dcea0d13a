import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, closedPort, type RunningDemo, startDemo, testToken } from "./support/demo-app.js";

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

describe("SMTP servers", () => {
  it("saves, lists, reads with the password censored, keeps it on __CENSORED__, refuses invalid ones and deletes", async () => {
    const saved = await demo.request("PUT", "/api/smtp-servers/mail", {
      body: {
        host: "127.0.0.1",
        port: 2525,
        sender: "sms@example.com",
        username: "u",
        password: "mail-pass",
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ name: "mail", port: 2525, password: "__CENSORED__", revision: 1 });
    expect((await demo.request("GET", "/api/smtp-servers/mail")).json).toEqual(saved.json);
    const list = await demo.request("GET", "/api/smtp-servers");
    expect(list.json.map((server: { name: string }) => server.name)).toEqual(["mail"]);
    expect(list.text).not.toContain("mail-pass");

    const resaved = await demo.request("PUT", "/api/smtp-servers/mail", {
      body: { ...saved.json, timeout: 5 },
    });
    expect(resaved.status).toBe(200);
    const exported = await demo.request("GET", "/api/export");
    expect(exported.json.smtpServers.mail.password).toBe("mail-pass");

    const invalid = await demo.request("PUT", "/api/smtp-servers/bad", {
      body: { host: "", sender: "nobody" },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.code).toBe("SMSKIT_E_SMTP_SERVER_INVALID");
    expect(invalid.json.issues.map((issue: { key: string }) => issue.key)).toContain("sender");

    expect((await demo.request("GET", "/api/smtp-servers/none")).status).toBe(404);
    expect((await demo.request("DELETE", "/api/smtp-servers/none")).status).toBe(404);
  });

  it("refuses to delete a server a gateway uses (409), and deletes it once unused", async () => {
    await demo.request("PUT", "/api/smtp-servers/used", {
      body: { host: "127.0.0.1", sender: "a@example.com" },
    });
    const gateway = await demo.request("PUT", "/api/gateways/by-mail", {
      body: { provider: "smtp", parameters: { SMTPIDENTIFIER: "used", MAILTO: "{phone}@sms.example.com" } },
    });
    expect(gateway.status).toBe(200);
    const refused = await demo.request("DELETE", "/api/smtp-servers/used");
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("SMSKIT_E_SMTP_SERVER_IN_USE");
    await demo.request("DELETE", "/api/gateways/by-mail");
    expect((await demo.request("DELETE", "/api/smtp-servers/used")).status).toBe(204);
  });

  it("serves the schema the SMTP server form is generated from", async () => {
    const schema = await demo.request("GET", "/api/schemas/smtp-server");
    expect(schema.json.properties.password.writeOnly).toBe(true);
    expect(schema.json.required).toEqual(["host", "sender"]);
  });
});

describe("import and export", () => {
  it("exports with secrets censored on ?censor=1 and in clear text otherwise", async () => {
    await demo.request("PUT", "/api/gateways/exported", {
      body: {
        provider: "http",
        parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET", PASSWORD: "exp-secret" },
      },
    });
    const censored = await demo.request("GET", "/api/export?censor=1");
    expect(censored.status).toBe(200);
    expect(censored.json.smskit).toBe(1);
    expect(censored.json.gateways.exported.parameters.PASSWORD).toBe("__CENSORED__");
    expect(censored.text).not.toContain("exp-secret");
    const clear = await demo.request("GET", "/api/export");
    expect(clear.json.gateways.exported.parameters.PASSWORD).toBe("exp-secret");
  });

  it("imports with dryRun (nothing written), then for real; refuses an invalid document with 422", async () => {
    const document = {
      smskit: 1,
      gateways: {
        imported: { provider: "http", parameters: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET" } },
      },
      smtpServers: {},
    };
    const dry = await demo.request("POST", "/api/import", { body: { document, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ format: "smskit", dryRun: true, gateways: { created: ["imported"] } });
    expect((await demo.request("GET", "/api/gateways/imported")).status).toBe(404);
    const real = await demo.request("POST", "/api/import", { body: { document, dryRun: false } });
    expect(real.json).toMatchObject({ dryRun: false, gateways: { created: ["imported"] } });
    expect((await demo.request("GET", "/api/gateways/imported")).status).toBe(200);

    const invalid = await demo.request("POST", "/api/import", {
      body: {
        document: {
          smskit: 1,
          gateways: { bad: { provider: "http", parameters: { URL: "x" } } },
          smtpServers: {},
        },
      },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.code).toBe("SMSKIT_E_IMPORT_INVALID");
    expect(invalid.json.issues.length).toBeGreaterThan(0);

    const bare = await demo.request("POST", "/api/import", { body: document });
    expect(bare.status).toBe(422);
    expect(bare.json.code).toBe("SMSKIT_E_REQUEST_INVALID");
    expect(bare.json.issues.map((issue: { key: string }) => issue.key)).toContain("document");
  });

  it("imports privacyIDEA's gateway export", async () => {
    const response = await demo.request("POST", "/api/import", {
      body: {
        document: {
          "pi-gateway": {
            providermodule: "privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider",
            description: "from privacyIDEA",
            options: { URL: "http://127.0.0.1:9/", HTTP_METHOD: "GET", text: "{otp}" },
            headers: {},
          },
        },
      },
    });
    expect(response.status).toBe(200);
    expect(response.json.format).toBe("privacyidea-gateways");
    const gateway = await demo.request("GET", "/api/gateways/pi-gateway");
    expect(gateway.json).toMatchObject({ provider: "http", options: { text: "{otp}" } });
  });
});

describe("operations", () => {
  it("serves /metrics in Prometheus text format", async () => {
    await demo.request("POST", "/api/gateways/sandbox/send", { body: { to: "1", message: "metrics" } });
    const metrics = await demo.request("GET", "/metrics", { token: null });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain("# TYPE smskit_sends_total counter");
    expect(metrics.text).toMatch(
      /smskit_sends_total\{gateway="sandbox",provider="http",result="success"\} \d+/,
    );
  });

  it("describes every API route with its schemas in /api/openapi.json", async () => {
    const response = await demo.request("GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    const document = response.json;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/bulk/jobs/{id}/events",
      "/api/bulk/jobs/{id}/results",
      "/api/bulk/{target}",
      "/api/export",
      "/api/gateways",
      "/api/gateways/{name}",
      "/api/gateways/{name}/health",
      "/api/gateways/{name}/send",
      "/api/import",
      "/api/inspect",
      "/api/messages",
      "/api/messages/events",
      "/api/messages/{id}",
      "/api/openapi.json",
      "/api/providers",
      "/api/routes",
      "/api/routes/{name}",
      "/api/sandbox/messages",
      "/api/schemas/smtp-server",
      "/api/smtp-servers",
      "/api/smtp-servers/{name}",
      "/healthz",
      "/metrics",
    ]);
    const put = document.paths["/api/gateways/{name}"].put;
    expect(put.security).toEqual([{ adminToken: [] }]);
    expect(put.requestBody.content["application/json"].schema.required).toEqual(["provider"]);
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "409", "422"]));
    expect(put.parameters).toContainEqual(
      expect.objectContaining({ name: "name", in: "path", required: true }),
    );
    const send = document.paths["/api/gateways/{name}/send"].post;
    expect(send.responses["502"].content["application/json"].schema.properties.code.type).toBe("string");
    expect(document.paths["/api/export"].get.parameters[0]).toMatchObject({ name: "censor", in: "query" });
    expect(document.paths["/healthz"].get.security).toBeUndefined();
  });

  it("lets a running send finish on close, then closes smskit and answers no more", async () => {
    const slow = await startHttpServer({ responder: { body: "OK", delayMs: 400 } });
    const own = await startDemo();
    try {
      await own.request("PUT", "/api/gateways/slow", {
        body: { provider: "http", parameters: { URL: slow.url, HTTP_METHOD: "GET" } },
      });
      const sending = own.request("POST", "/api/gateways/slow/send", { body: { to: "1", message: "late" } });
      await slow.waitForRequests(1);
      const closing = own.app.close();
      const response = await sending;
      expect(response.status).toBe(200);
      await closing;
      await expect(own.app.demo.smskit.send("slow", "1", "x")).rejects.toMatchObject({
        code: "SMSKIT_E_CLOSED",
      });
      await expect(fetch(new URL("/healthz", own.url))).rejects.toThrow();
    } finally {
      await own.close();
      await slow.close();
    }
  });
});
