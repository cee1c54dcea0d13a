import { ConfigurationError, createSmskit, type ProviderPreset, type Smskit } from "@smskit/core";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import httpProvider, { httpErrorCodes, httpPresets } from "../src/index.js";

const opened: Smskit[] = [];

async function smskit(): Promise<Smskit> {
  const created = await createSmskit({ providers: [httpProvider] });
  opened.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function refusal(work: Promise<unknown>): Promise<ConfigurationError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe("the manifest", () => {
  it("answers to privacyIDEA's module path", async () => {
    const app = await smskit();
    const saved = await app.saveGateway({
      name: "imported",
      provider: "privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider",
      parameters: { URL: "https://sms.example.com/send", HTTP_METHOD: "GET" },
    });
    expect(saved.provider).toBe("http");
  });

  it("accepts privacyIDEA's strings for booleans and numbers", async () => {
    const app = await smskit();
    await expect(
      app.validateGateway({
        name: "strings",
        provider: "http",
        parameters: {
          URL: "https://sms.example.com/send",
          HTTP_METHOD: "POST",
          CHECK_SSL: "no",
          SEND_DATA_AS_JSON: "yes",
          TIMEOUT: "10",
        },
      }),
    ).resolves.toBeUndefined();
  });

  it("requires URL and HTTP_METHOD and checks their values", async () => {
    const app = await smskit();
    const missing = await refusal(app.saveGateway({ name: "g", provider: "http", parameters: {} }));
    expect(missing.issues.map((issue) => issue.key).sort()).toEqual(["HTTP_METHOD", "URL"]);
    const wrong = await refusal(
      app.saveGateway({
        name: "g",
        provider: "http",
        parameters: { URL: "ftp://sms.example.com/", HTTP_METHOD: "PUT", TIMEOUT: 0, PROXY: "socks5://x" },
      }),
    );
    expect(wrong.issues.map((issue) => issue.key).sort()).toEqual(["HTTP_METHOD", "PROXY", "TIMEOUT", "URL"]);
  });

  it("refuses a PARAMETER that is not a JSON object", async () => {
    const app = await smskit();
    for (const PARAMETER of ["[1, 2]", "{not json", '"text"']) {
      const error = await refusal(
        app.saveGateway({
          name: "g",
          provider: "http",
          parameters: { URL: "http://a.example", HTTP_METHOD: "GET", PARAMETER },
        }),
      );
      expect(error.issues).toEqual([{ key: "PARAMETER", message: expect.stringContaining("JSON object") }]);
    }
  });

  it("refuses an option that PARAMETER already sets, and an option named exactly like a parameter", async () => {
    const app = await smskit();
    const clash = await refusal(
      app.saveGateway({
        name: "g",
        provider: "http",
        parameters: { URL: "http://a.example", HTTP_METHOD: "GET", PARAMETER: '{"from": "ACME"}' },
        options: { from: "Other" },
      }),
    );
    expect(clash.issues.map((issue) => issue.key)).toEqual(["options.from"]);
    const named = await refusal(
      app.saveGateway({
        name: "g",
        provider: "http",
        parameters: { URL: "http://a.example", HTTP_METHOD: "GET" },
        options: { TIMEOUT: "5" },
      }),
    );
    expect(named.issues.map((issue) => issue.key)).toEqual(["options.TIMEOUT"]);
  });

  it("keeps PASSWORD secret", async () => {
    const app = await smskit();
    await app.saveGateway({
      name: "g",
      provider: "http",
      parameters: { URL: "http://a.example", HTTP_METHOD: "POST", USERNAME: "u", PASSWORD: "pw" },
    });
    expect((await app.getGateway("g"))?.parameters.PASSWORD).toBe("__CENSORED__");
  });

  it("declares its error codes", () => {
    expect(httpProvider.errorCodes).toBe(httpErrorCodes);
    for (const [code, meaning] of Object.entries(httpErrorCodes)) {
      expect(code).toMatch(/^SMSKIT_E_HTTP_[A-Z_]+$/);
      expect(meaning.length).toBeGreaterThan(20);
    }
  });
});

describe("presets", () => {
  let server: FakeHttpServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("offers Clickatell, GTX-Messaging and Twilio with descriptions", async () => {
    const app = await smskit();
    const [info] = app.providers();
    expect(info?.presets.map((preset) => preset.name)).toEqual(["clickatell", "gtx-messaging", "twilio"]);
    for (const preset of httpPresets) expect(preset.description.length).toBeGreaterThan(30);
  });

  const sendsWhatTheGatewayExpects = async (name: string, preset: ProviderPreset): Promise<void> => {
    server = await startHttpServer({
      responder: { status: name === "twilio" ? 201 : 200, body: "ID: 1 / 200 OK" },
    });
    const app = await smskit();
    const options = Object.fromEntries(
      Object.entries(preset.options ?? {}).map(([key, value]) => [key, value === "" ? `my-${key}` : value]),
    );
    const parameters = {
      ...preset.parameters,
      URL: `${server.url}${new URL(String(preset.parameters?.URL)).pathname}`,
    };
    await app.saveGateway({
      name,
      provider: "http",
      parameters,
      options,
      headers: preset.headers ?? {},
      secretOptions: preset.secretOptions ?? [],
    });
    const stored = await app.getGateway(name);
    for (const secret of [...(preset.secretOptions ?? []), "password"].filter((key) => key in options)) {
      expect(stored?.options[secret]).toBe("__CENSORED__");
    }
    await app.send(name, "+4917012345", "Your code: 123456");
    const [request] = await server.waitForRequests(1);
    const fields = request?.method === "GET" ? request.query : request?.form;
    expect(Object.values(fields ?? {})).toContain("+4917012345");
    expect(Object.values(fields ?? {})).toContain("Your code: 123456");
    if (name === "twilio") {
      expect(request?.method).toBe("POST");
      expect(request?.headers.authorization).toMatch(/^Basic /);
    }
  };

  it.each([
    "clickatell",
    "gtx-messaging",
    "twilio",
  ])("%s, filled in, is a valid definition that sends what the gateway expects", (name) =>
    sendsWhatTheGatewayExpects(name, presetNamed(name)));
});

function presetNamed(name: string): ProviderPreset {
  const preset = httpPresets.find((candidate) => candidate.name === name);
  if (!preset) throw new Error(`no preset ${name}`);
  return preset;
}
