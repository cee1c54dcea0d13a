import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FakeHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { runWithStore } from "./support/run.js";

const module = (name: string) => `privacyidea.lib.smsprovider.${name}.${name}`;

/**
 * A privacyIDEA configuration export as `pi-manage config export` writes it: other sections
 * besides `smsgateway` and `smtpserver`, every value a string, unused parameters empty,
 * parameters and free options mixed in `options`.
 */
function privacyideaConfiguration(httpUrl: string) {
  return {
    policy: { sms_otp: { action: { smsgateway: "http-sms" }, scope: "authentication", active: true } },
    resolver: {},
    smtpserver: {
      mailrelay: {
        server: "mail.example.com",
        port: 587,
        tls: true,
        username: "pi-mailer",
        password: "smtp-pi-s3cret",
        sender: "privacyidea@example.com",
        description: "relay for SMS mails",
        timeout: 10,
        enqueue_job: false,
      },
    },
    smsgateway: {
      "http-sms": {
        providermodule: module("HttpSMSProvider"),
        description: "SMS over the HTTP API",
        options: {
          URL: httpUrl,
          HTTP_METHOD: "POST",
          SEND_DATA_AS_JSON: "yes",
          CHECK_SSL: "yes",
          USERNAME: "pi-user",
          PASSWORD: "http-pi-s3cret",
          PROXY: "",
          REGEXP: "/^0/49/",
          RETURN_SUCCESS: "msg-",
          RETURN_FAIL: "",
          TIMEOUT: "3",
          text: "{otp}",
          to: "{phone}",
          from: "privacyIDEA",
        },
        headers: { "X-Client": "privacyidea" },
      },
      "http-get": {
        providermodule: module("HttpSMSProvider"),
        description: "SMS by a GET request",
        options: {
          URL: httpUrl,
          HTTP_METHOD: "GET",
          RETURN_SUCCESS: "ID",
          user: "pi-get-user",
          password: "get-pi-s3cret",
          text: "{otp}",
          to: "{phone}",
        },
        headers: {},
      },
      "mail-sms": {
        providermodule: module("SmtpSMSProvider"),
        description: "SMS by mail",
        options: {
          MAILTO: "{phone}@sms.example.net",
          SMTPIDENTIFIED: "mailrelay",
          SUBJECT: "{phone}",
          BODY: "Your code: {otp}",
          REGEXP: "",
        },
        headers: {},
      },
      "smpp-sms": {
        providermodule: module("SmppSMSProvider"),
        description: "SMS centre",
        options: {
          SMSC_HOST: "smsc.example.net",
          SMSC_PORT: "2775",
          SYSTEM_ID: "privacyidea",
          PASSWORD: "smpp-s3c",
          S_ADDR: "ACME",
          S_ADDR_TON: "0x5",
          S_ADDR_NPI: "0x0",
          D_ADDR_TON: "0x1",
          D_ADDR_NPI: "0x1",
          REGEXP: "/[+/]//",
        },
        headers: {},
      },
      "script-sms": {
        providermodule: module("ScriptSMSProvider"),
        description: "local script",
        options: { script: "send-sms.sh", background: "wait", REGEXP: "" },
        headers: {},
      },
    },
  };
}

const secrets = /smtp-pi-s3cret|http-pi-s3cret|get-pi-s3cret|smpp-s3c/;

describe("smskit import of a privacyIDEA configuration export (real provider packages)", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  let scripts: string;
  let scriptFlags: string[];
  beforeEach(async () => {
    app = await createFixtureApp();
    server = await startGatewayServer();
    scripts = join(app.directory, "scripts");
    await mkdir(scripts);
    const script = join(scripts, "send-sms.sh");
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s\\n' "$1" > "${join(app.directory, "script-recipient")}"\ncat > "${join(app.directory, "script-message")}"\n`,
    );
    await chmod(script, 0o755);
    scriptFlags = ["--script-dir", scripts];
  });
  afterEach(async () => {
    await server.close();
    await app.remove();
  });

  const smskit = (argv: readonly string[], stdin?: string) =>
    runWithStore(app, [...argv, ...scriptFlags], {
      realProviders: true,
      ...(stdin === undefined ? {} : { stdin }),
    });
  const showJson = async (name: string) => {
    const result = await smskit(["gateway", "show", name, "--json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  it("imports the HTTP, SMTP, SMPP and script gateways with their SMTP server; show prints them and they send", async () => {
    const file = join(app.directory, "privacyidea-config.json");
    await writeFile(file, JSON.stringify(privacyideaConfiguration(`${server.url}/send`), null, 2));

    const dryRun = await smskit(["import", file, "--dry-run"]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain("nothing was written");
    expect((await smskit(["gateway", "list", "--json"])).stdout).toBe("[]\n");

    const imported = await smskit(["import", file]);
    expect(imported).toEqual({
      code: 0,
      stdout: [
        "Imported from a privacyIDEA configuration export:",
        "  gateways:     created 5 (http-sms, http-get, mail-sms, smpp-sms, script-sms), updated 0, unchanged 0",
        "  SMTP servers: created 1 (mailrelay), updated 0, unchanged 0",
        "",
      ].join("\n"),
      stderr: "",
    });

    expect(await showJson("http-sms")).toMatchObject({
      provider: "http",
      description: "SMS over the HTTP API",
      parameters: {
        URL: `${server.url}/send`,
        HTTP_METHOD: "POST",
        SEND_DATA_AS_JSON: "yes",
        CHECK_SSL: "yes",
        USERNAME: "pi-user",
        PASSWORD: "__CENSORED__",
        REGEXP: "/^0/49/",
        RETURN_SUCCESS: "msg-",
        TIMEOUT: "3",
      },
      options: { text: "{otp}", to: "{phone}", from: "privacyIDEA" },
      headers: { "X-Client": "privacyidea" },
    });
    expect(await showJson("http-get")).toMatchObject({
      provider: "http",
      parameters: { URL: `${server.url}/send`, HTTP_METHOD: "GET", RETURN_SUCCESS: "ID" },
      options: { user: "pi-get-user", password: "__CENSORED__", text: "{otp}", to: "{phone}" },
      headers: {},
    });
    expect(await showJson("mail-sms")).toMatchObject({
      provider: "smtp",
      parameters: {
        MAILTO: "{phone}@sms.example.net",
        SMTPIDENTIFIER: "mailrelay",
        SUBJECT: "{phone}",
        BODY: "Your code: {otp}",
      },
      options: {},
    });
    expect(await showJson("smpp-sms")).toMatchObject({
      provider: "smpp",
      parameters: {
        SMSC_HOST: "smsc.example.net",
        SMSC_PORT: "2775",
        SYSTEM_ID: "privacyidea",
        PASSWORD: "__CENSORED__",
        S_ADDR: "ACME",
        S_ADDR_TON: "0x5",
        D_ADDR_NPI: "0x1",
        REGEXP: "/[+/]//",
      },
    });
    expect(await showJson("script-sms")).toMatchObject({
      provider: "script",
      parameters: { script: "send-sms.sh", background: "wait" },
    });
    const text = await smskit(["gateway", "show", "smpp-sms"]);
    expect(text.stdout).toMatch(/^provider: +smpp$/m);
    expect(text.stdout).toContain("  PASSWORD=__CENSORED__\n");

    const relay = await smskit(["smtp", "show", "mailrelay", "--json"]);
    expect(JSON.parse(relay.stdout)).toMatchObject({
      host: "mail.example.com",
      port: 587,
      tls: "starttls",
      username: "pi-mailer",
      password: "__CENSORED__",
      sender: "privacyidea@example.com",
      description: "relay for SMS mails",
    });
    expect((await smskit(["smtp", "show", "mailrelay"])).stdout).toMatch(/^used by: +mail-sms$/m);
    const listed = await smskit(["gateway", "list", "--json"]);
    expect(listed.stdout).not.toMatch(secrets);

    const sentHttp = await smskit(["send", "http-sms", "01701234567", "Your code is 123456"]);
    expect(sentHttp).toMatchObject({ code: 0, stderr: "" });
    expect(server.requests[0]?.json).toEqual({
      text: "Your code is 123456",
      to: "491701234567",
      from: "privacyIDEA",
    });
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("pi-user:http-pi-s3cret").toString("base64")}`,
    );
    expect(server.requests[0]?.headers["x-client"]).toBe("privacyidea");

    // The server answers {"id":"msg-2"}: RETURN_SUCCESS "ID" does not occur in it, the send fails.
    const sentGet = await smskit(["send", "http-get", "+4915112345678", "Your code is 654321"]);
    const getRequest = server.requests[1];
    expect(getRequest?.method).toBe("GET");
    const query = new URL(getRequest?.url ?? "", "http://localhost").searchParams;
    expect(Object.fromEntries(query)).toEqual({
      user: "pi-get-user",
      password: "get-pi-s3cret",
      text: "Your code is 654321",
      to: "+4915112345678",
    });
    expect(sentGet.code).toBe(1);
    expect(sentGet.stderr).toMatch(/^smskit: [^\n]*'http-get'[^\n]*\n$/);
    expect(sentGet.stderr).not.toMatch(secrets);

    const sentScript = await smskit(["send", "script-sms", "+49 170 1234567", "Code: 'x' & \"y\""]);
    expect(sentScript).toMatchObject({ code: 0, stderr: "" });
    expect(await readFile(join(app.directory, "script-recipient"), "utf8")).toBe("+49 170 1234567\n");
    expect(await readFile(join(app.directory, "script-message"), "utf8")).toBe("Code: 'x' & \"y\"");

    const again = await smskit(["import", file, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      format: "privacyidea-config",
      gateways: {
        created: [],
        updated: [],
        unchanged: ["http-sms", "http-get", "mail-sms", "smpp-sms", "script-sms"],
      },
      smtpServers: { unchanged: ["mailrelay"] },
    });
  });

  it("refuses the whole export when the script is missing from the script directory, writing nothing", async () => {
    const document = privacyideaConfiguration(`${server.url}/send`);
    document.smsgateway["script-sms"].options.script = "missing.sh";
    const result = await smskit(["import", "-"], JSON.stringify(document));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^smskit: import refused, nothing was written: gateways\.script-sms\.script [^\n]+ \(SMSKIT_E_IMPORT_INVALID\)\n$/,
    );
    expect(result.stderr).not.toMatch(secrets);
    expect((await smskit(["gateway", "list", "--json"])).stdout).toBe("[]\n");
    expect((await smskit(["smtp", "list", "--json"])).stdout).toBe("[]\n");
  });
});
