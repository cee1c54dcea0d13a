// Export (censored or not) and import (dry run, for real, refused, privacyIDEA's format).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
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
