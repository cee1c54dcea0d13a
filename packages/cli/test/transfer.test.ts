import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { run, runWithStore } from "./support/run.js";

const url = "http://127.0.0.1:9/send";
const warning =
  "smskit: warning: the export holds every secret in clear text; keep it like the key, or use --censor\n";

describe("smskit export and import", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  /** Two gateways with secrets (a parameter, a flagged option) and an SMTP server with a password. */
  const defineAll = async (gatewayUrl = url) => {
    const results = [
      await runWithStore(app, [
        "gateway",
        "set",
        "otp",
        "--provider",
        "echo",
        "--description",
        "one-time passwords",
        "--param",
        `URL=${gatewayUrl}`,
        "--param",
        "PASSWORD=param-s3cret",
        "--option",
        "text={otp}",
        "--secret-option",
        "account=option-s3cret",
      ]),
      await runWithStore(app, [
        "gateway",
        "set",
        "plain",
        "--provider",
        "echo",
        "--param",
        `URL=${gatewayUrl}`,
      ]),
      await runWithStore(app, [
        "smtp",
        "set",
        "relay",
        "--host",
        "mail.example.com",
        "--port",
        "25",
        "--sender",
        "sms@example.com",
        "--password",
        "smtp-s3cret",
      ]),
    ];
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: "" });
  };
  const secrets = /param-s3cret|option-s3cret|smtp-s3cret/;
  const listNames = async (store: string) => {
    const result = await run(app, ["gateway", "list", "--json", "--store", store]);
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { name: string }[]).map((gateway) => gateway.name);
  };

  it("export writes the document with secrets in clear text and warns on stderr", async () => {
    await defineAll();
    const result = await runWithStore(app, ["export"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(warning);
    const document = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(result.stdout).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(document).toMatchObject({
      smskit: 1,
      gateways: {
        otp: {
          provider: "echo",
          description: "one-time passwords",
          parameters: { URL: url, PASSWORD: "param-s3cret" },
          options: { text: "{otp}", account: "option-s3cret" },
          secretOptions: ["account"],
        },
        plain: { provider: "echo", parameters: { URL: url } },
      },
      smtpServers: { relay: { host: "mail.example.com", port: 25, password: "smtp-s3cret" } },
    });
  });

  it("export --censor holds no secret and prints no warning", async () => {
    await defineAll();
    const result = await runWithStore(app, ["export", "--censor"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).not.toMatch(secrets);
    expect(JSON.parse(result.stdout)).toMatchObject({
      gateways: {
        otp: { parameters: { PASSWORD: "__CENSORED__" }, options: { account: "__CENSORED__" } },
      },
      smtpServers: { relay: { password: "__CENSORED__" } },
    });
  });

  it("an export imports into another store unchanged, and again as all unchanged", async () => {
    const server = await startGatewayServer();
    try {
      await defineAll(`${server.url}/send`);
      const exported = await runWithStore(app, ["export"]);
      const file = join(app.directory, "export.json");
      await writeFile(file, exported.stdout);
      const other = join(app.directory, "other.db");

      const imported = await run(app, ["import", file, "--store", other]);
      expect(imported).toEqual({
        code: 0,
        stdout: [
          "Imported from an smskit export:",
          "  gateways:     created 2 (otp, plain), updated 0, unchanged 0",
          "  SMTP servers: created 1 (relay), updated 0, unchanged 0",
          "",
        ].join("\n"),
        stderr: "",
      });
      const again = await run(app, ["export", "--store", other]);
      expect(JSON.parse(again.stdout)).toEqual(JSON.parse(exported.stdout));
      for (const name of ["otp", "plain"]) {
        const original = await runWithStore(app, ["gateway", "show", name]);
        const copy = await run(app, ["gateway", "show", name, "--store", other]);
        const withoutTimes = (text: string) => text.replace(/^updated:.*$/m, "");
        expect(withoutTimes(copy.stdout)).toBe(withoutTimes(original.stdout));
      }
      expect((await run(app, ["send", "otp", "+15550100", "hi", "--store", other])).code).toBe(0);
      expect(server.requests[0]?.json).toMatchObject({
        password: "param-s3cret",
        options: { account: "option-s3cret" },
      });

      const repeated = await run(app, ["import", file, "--store", other, "--json"]);
      expect(repeated.code).toBe(0);
      expect(JSON.parse(repeated.stdout)).toEqual({
        format: "smskit",
        dryRun: false,
        gateways: { created: [], updated: [], unchanged: ["otp", "plain"] },
        smtpServers: { created: [], updated: [], unchanged: ["relay"] },
      });
    } finally {
      await server.close();
    }
  });

  it("a censored export imported back over the store keeps the stored secrets", async () => {
    await defineAll();
    const censored = await runWithStore(app, ["export", "--censor"]);
    const result = await runWithStore(app, ["import", "-"], { stdin: censored.stdout });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("unchanged 2 (otp, plain)");
    expect(result.stdout).toContain("unchanged 1 (relay)");
    expect((await runWithStore(app, ["export"])).stdout).toMatch(/param-s3cret[\s\S]*option-s3cret/);
  });

  it("an import with one bad gateway among good ones writes nothing and names every problem", async () => {
    const document = {
      smskit: 1,
      gateways: {
        first: { provider: "echo", parameters: { URL: url } },
        broken: { provider: "echo", parameters: { URL: "not a url", HTTP_METHD: "POST" } },
        last: { provider: "echo", parameters: { URL: url }, options: { text: "{otp}" } },
      },
      smtpServers: { relay: { host: "mail.example.com", sender: "sms@example.com" } },
    };
    const file = join(app.directory, "bad.json");
    await writeFile(file, JSON.stringify(document));
    const result = await runWithStore(app, ["import", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^smskit: import refused, nothing was written: [^\n]+ \(SMSKIT_E_IMPORT_INVALID\)\n$/,
    );
    expect(result.stderr).toMatch(
      /gateways\.broken\.URL must be an http:\/\/ or https:\/\/ URL \(got "not a url"\)/,
    );
    expect(result.stderr).toMatch(/gateways\.broken\.HTTP_METHD is not a parameter of provider 'echo'/);
    expect(result.stderr).not.toMatch(/gateways\.(first|last)/);
    expect(await listNames(app.store)).toEqual([]);
    expect((await runWithStore(app, ["smtp", "list", "--json"])).stdout).toBe("[]\n");
  });

  it("--dry-run reports what would change and writes nothing", async () => {
    await runWithStore(app, ["gateway", "set", "plain", "--provider", "echo", "--param", `URL=${url}`]);
    const document = {
      smskit: 1,
      gateways: {
        plain: { provider: "echo", parameters: { URL: `${url}/v2` } },
        fresh: { provider: "echo", parameters: { URL: url } },
      },
      smtpServers: {},
    };
    const result = await runWithStore(app, ["import", "-", "--dry-run"], { stdin: JSON.stringify(document) });
    expect(result).toEqual({
      code: 0,
      stdout: [
        "Dry run of an import from an smskit export: nothing was written. It would have:",
        "  gateways:     created 1 (fresh), updated 1 (plain), unchanged 0",
        "  SMTP servers: created 0, updated 0, unchanged 0",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(await listNames(app.store)).toEqual(["plain"]);
    const shown = await runWithStore(app, ["gateway", "show", "plain", "--json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ parameters: { URL: url }, revision: 1 });
  });

  it("imports privacyIDEA's gateway export, splitting parameters from options", async () => {
    const document = {
      "legacy-otp": {
        providermodule: "tests.EchoProvider",
        description: "from privacyIDEA",
        options: {
          URL: url,
          HTTP_METHOD: "POST",
          TIMEOUT: "5",
          PASSWORD: "pi-s3cret",
          text: "{otp}",
          to: "{phone}",
        },
        headers: {},
      },
    };
    const result = await runWithStore(app, ["import", "-", "--json"], { stdin: JSON.stringify(document) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: "privacyidea-gateways",
      gateways: { created: ["legacy-otp"] },
    });
    const shown = await runWithStore(app, ["gateway", "show", "legacy-otp", "--json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      provider: "echo",
      description: "from privacyIDEA",
      parameters: { URL: url, HTTP_METHOD: "POST", TIMEOUT: "5", PASSWORD: "__CENSORED__" },
      options: { text: "{otp}", to: "{phone}" },
    });
  });

  it("refuses a file that is not JSON, a missing file and an unknown format with exit 2", async () => {
    const file = join(app.directory, "notes.txt");
    await writeFile(file, "URL=https://example.com\n");
    const notJson = await runWithStore(app, ["import", file]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(
      /^smskit: import refused, nothing was written: .*notes\.txt is not a JSON document \([^\n]+\) \(SMSKIT_E_IMPORT_INVALID\)\n$/,
    );
    const missing = await runWithStore(app, ["import", "missing.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^smskit: cannot read the import file .*missing\.json: .*ENOENT.* \(SMSKIT_E_USAGE\)\n$/,
    );
    const unknown = await runWithStore(app, ["import", "-"], { stdin: "[1, 2]" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/document must be a JSON object \(SMSKIT_E_IMPORT_INVALID\)/);
  });
});
