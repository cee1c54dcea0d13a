import { describe, expect, it } from "vitest";
import { CENSORED, ConfigurationError, createSmskit } from "../src/index.js";
import { privacyideaLikeProviders } from "./fixtures/privacyidea-like-providers.js";

const module = (name: string) => `privacyidea.lib.smsprovider.${name}.${name}`;

/** A privacyIDEA configuration export with HTTP, SMTP, SMPP and Script gateways and an SMTP server. */
const privacyideaConfig = {
  smsgateway: {
    "http-gw": {
      providermodule: module("HttpSMSProvider"),
      description: "Clickatell",
      options: {
        URL: "https://api.example.net/http/sendmsg",
        HTTP_METHOD: "GET",
        CHECK_SSL: "yes",
        PASSWORD: "pw1",
        api_id: "4711",
        text: "{otp}",
        to: "{phone}",
      },
      headers: { "X-Api": "yes" },
    },
    "mail-gw": {
      providermodule: module("SmtpSMSProvider"),
      description: "",
      options: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIED: "relay", SUBJECT: "" },
      headers: {},
    },
    "smpp-gw": {
      providermodule: module("SmppSMSProvider"),
      options: {
        SMSC_HOST: "smsc.example.net",
        SMSC_PORT: "2775",
        SYSTEM_ID: "sys",
        PASSWORD: "pw2",
        S_ADDR_TON: "1",
      },
    },
    "script-gw": {
      providermodule: module("ScriptSMSProvider"),
      options: { script: "send.sh", background: "wait" },
    },
  },
  smtpserver: {
    relay: {
      server: "smtps://mail.example.net",
      port: "",
      username: "u",
      password: "pw3",
      sender: "pi@example.net",
      tls: false,
      timeout: 10,
      description: "relay",
    },
  },
};

describe("import and export", () => {
  it("imports a privacyIDEA configuration export: gateways of every kind, together with the SMTP servers they name", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    const report = await smskit.importDefinitions(privacyideaConfig);
    expect(report).toEqual({
      format: "privacyidea-config",
      dryRun: false,
      gateways: { created: ["http-gw", "mail-gw", "smpp-gw", "script-gw"], updated: [], unchanged: [] },
      smtpServers: { created: ["relay"], updated: [], unchanged: [] },
    });
    const http = (await smskit.exportDefinitions()).gateways["http-gw"];
    expect(http).toMatchObject({
      provider: "http",
      parameters: {
        URL: "https://api.example.net/http/sendmsg",
        HTTP_METHOD: "GET",
        CHECK_SSL: "yes",
        PASSWORD: "pw1",
      },
      options: { api_id: "4711", text: "{otp}", to: "{phone}" },
      headers: { "X-Api": "yes" },
    });
    expect((await smskit.getGateway("mail-gw"))?.parameters).toEqual({
      MAILTO: "{phone}@sms.example.net",
      SMTPIDENTIFIER: "relay",
    });
    expect(await smskit.getSmtpServer("relay")).toMatchObject({
      host: "mail.example.net",
      tls: "tls",
      port: 25,
      password: CENSORED,
    });
    const again = await smskit.importDefinitions(privacyideaConfig);
    expect(again.gateways.unchanged).toHaveLength(4);
    expect(again.smtpServers.unchanged).toEqual(["relay"]);
  });

  it("imports privacyIDEA's plain gateway export", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    const { "mail-gw": _mail, ...gateways } = privacyideaConfig.smsgateway;
    const report = await smskit.importDefinitions(gateways);
    expect(report.format).toBe("privacyidea-gateways");
    expect(report.gateways.created).toEqual(["http-gw", "smpp-gw", "script-gw"]);
  });

  it("writes nothing when one gateway is bad, and lists every problem", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    const document = {
      ...privacyideaConfig,
      smsgateway: {
        ...privacyideaConfig.smsgateway,
        "bad-http": {
          providermodule: module("HttpSMSProvider"),
          options: { URL: "not a url", HTTP_METHOD: "PUT" },
        },
        "bad-module": { providermodule: "privacyidea.lib.smsprovider.Nope.Nope", options: {} },
      },
    };
    const error = await smskit.importDefinitions(document).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_IMPORT_INVALID" });
    const keys = (error as ConfigurationError).issues.map((issue) => issue.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "gateways.bad-http.URL",
        "gateways.bad-http.HTTP_METHOD",
        "gateways.bad-module",
      ]),
    );
    expect(await smskit.listGateways()).toEqual([]);
    expect(await smskit.listSmtpServers()).toEqual([]);
  });

  it("validates without writing on a dry run", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    const report = await smskit.importDefinitions(privacyideaConfig, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.gateways.created).toHaveLength(4);
    expect(await smskit.listGateways()).toEqual([]);
  });

  it("round-trips its own export; a censored export keeps stored secrets on re-import and fails where none is stored", async () => {
    const source = await createSmskit({ providers: privacyideaLikeProviders() });
    await source.importDefinitions(privacyideaConfig);
    const full = await source.exportDefinitions();
    expect(full.smskit).toBe(1);
    expect(full.gateways["smpp-gw"]?.parameters?.PASSWORD).toBe("pw2");

    const copy = await createSmskit({ providers: privacyideaLikeProviders() });
    expect((await copy.importDefinitions(full)).gateways.created).toHaveLength(4);
    expect(await copy.exportDefinitions()).toEqual(full);

    const censored = await source.exportDefinitions({ censor: true });
    expect(JSON.stringify(censored)).not.toMatch(/pw1|pw2|pw3/);
    expect((await source.importDefinitions(censored)).gateways.unchanged).toHaveLength(4);

    const empty = await createSmskit({ providers: privacyideaLikeProviders() });
    await expect(empty.importDefinitions(censored)).rejects.toThrow(
      /PASSWORD is __CENSORED__ but gateway 'http-gw' has no stored value/,
    );
  });

  it("refuses documents it does not understand", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    await expect(smskit.importDefinitions([1, 2])).rejects.toThrow(/must be a JSON object/);
    await expect(smskit.importDefinitions({ hello: "world" })).rejects.toThrow(/not a format smskit reads/);
    await expect(smskit.importDefinitions({ smskit: 2, gateways: {} })).rejects.toThrow(
      /version 2 is not supported/,
    );
  });
});
