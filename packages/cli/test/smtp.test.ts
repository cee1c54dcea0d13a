import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { type RunOptions, runWithStore } from "./support/run.js";

const relayFlags = [
  "--host",
  "mail.example.com",
  "--port",
  "587",
  "--tls",
  "starttls",
  "--username",
  "smskit",
  "--password",
  "mail-s3cret",
  "--sender",
  "sms@example.com",
  "--description",
  "the mail relay",
];

describe("smskit smtp", () => {
  let app: FixtureApp;
  beforeEach(async () => {
    app = await createFixtureApp();
  });
  afterEach(async () => {
    await app.remove();
  });

  const smtp = (argv: readonly string[], options: RunOptions = {}) =>
    runWithStore(app, ["smtp", ...argv], options);
  const showJson = async (name: string) => {
    const result = await smtp(["show", name, "--json"]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  it("set creates a server and show prints it with the password censored", async () => {
    const saved = await smtp(["set", "relay", ...relayFlags]);
    expect(saved).toEqual({
      code: 0,
      stdout: "Saved SMTP server 'relay' (mail.example.com:587, starttls, revision 1).\n",
      stderr: "",
    });
    expect(await showJson("relay")).toMatchObject({
      name: "relay",
      host: "mail.example.com",
      port: 587,
      tls: "starttls",
      verifyTls: true,
      username: "smskit",
      password: "__CENSORED__",
      sender: "sms@example.com",
      timeout: 10,
      description: "the mail relay",
      revision: 1,
    });
    const text = await smtp(["show", "relay"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^host: +mail\.example\.com$/m);
    expect(text.stdout).toMatch(/^port: +587$/m);
    expect(text.stdout).toMatch(/^tls: +starttls$/m);
    expect(text.stdout).toMatch(/^password: +__CENSORED__$/m);
    expect(text.stdout).toMatch(/^used by: +\(no gateway\)$/m);
    expect(text.stdout).not.toContain("mail-s3cret");
  });

  it("set takes --verify-tls, --timeout and --tls tls", async () => {
    const saved = await smtp([
      "set",
      "direct",
      "--host",
      "smtp.example.org",
      "--port",
      "465",
      "--tls",
      "tls",
      "--verify-tls",
      "no",
      "--timeout",
      "2.5",
      "--sender",
      "otp@example.org",
    ]);
    expect(saved.code).toBe(0);
    expect(await showJson("direct")).toMatchObject({
      port: 465,
      tls: "tls",
      verifyTls: false,
      timeout: 2.5,
      username: "",
      password: "",
    });
    expect((await smtp(["show", "direct"])).stdout).toMatch(/^password: +\(none\)$/m);
  });

  it("--password __CENSORED__ keeps the stored password, --password '' clears it", async () => {
    await smtp(["set", "relay", ...relayFlags]);
    const kept = await smtp([
      "set",
      "relay",
      ...relayFlags.filter((flag) => flag !== "mail-s3cret" && flag !== "--password"),
      "--password",
      "__CENSORED__",
      "--timeout",
      "20",
    ]);
    expect(kept.code).toBe(0);
    expect(await showJson("relay")).toMatchObject({ password: "__CENSORED__", timeout: 20, revision: 2 });
    const exported = await runWithStore(app, ["export"]);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      smtpServers: { relay: { password: "mail-s3cret" } },
    });

    const cleared = await smtp([
      "set",
      "relay",
      ...relayFlags.filter((flag) => flag !== "mail-s3cret" && flag !== "--password"),
      "--password",
      "",
    ]);
    expect(cleared.code).toBe(0);
    expect(await showJson("relay")).toMatchObject({ password: "", revision: 3 });
  });

  it("--password __CENSORED__ for a server without a stored password is refused", async () => {
    const result = await smtp([
      "set",
      "fresh",
      "--host",
      "mail.example.com",
      "--port",
      "25",
      "--sender",
      "a@example.com",
      "--password",
      "__CENSORED__",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^smskit: SMTP server 'fresh': password is __CENSORED__ but no password is stored/,
    );
    expect((await smtp(["list", "--json"])).stdout).toBe("[]\n");
  });

  it("set refuses an invalid definition with one line naming every problem and saves nothing", async () => {
    await smtp(["set", "relay", ...relayFlags]);
    const result = await smtp([
      "set",
      "relay",
      "--host",
      "mail.example.com",
      "--port",
      "99999",
      "--tls",
      "ssl",
      "--verify-tls",
      "maybe",
      "--sender",
      "not-an-address",
      "--password",
      "other-s3cret",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^smskit: SMTP server 'relay': [^\n]+ \(SMSKIT_E_SMTP_SERVER_INVALID\)\n$/);
    expect(result.stderr).toMatch(/port must be <= 65535/);
    expect(result.stderr).toMatch(/tls must be one of none, starttls, tls \(got "ssl"\)/);
    expect(result.stderr).toMatch(/verifyTls must be yes or no/);
    expect(result.stderr).toMatch(/sender must be a valid email/);
    expect(result.stderr).not.toContain("other-s3cret");
    expect(await showJson("relay")).toMatchObject({ port: 587, revision: 1 });
  });

  it("set without --host or --sender is a usage error", async () => {
    const result = await smtp(["set", "relay", "--port", "587"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "smskit: 'smskit smtp set' needs --host HOST, --sender ADDRESS; run 'smskit smtp set --help' to see its flags (SMSKIT_E_USAGE)\n",
    });
  });

  it("set without --port uses port 25, no TLS and no password", async () => {
    const saved = await smtp(["set", "plain", "--host", "mail.example.com", "--sender", "a@example.com"]);
    expect(saved).toEqual({
      code: 0,
      stdout: "Saved SMTP server 'plain' (mail.example.com:25, none, revision 1).\n",
      stderr: "",
    });
    expect(await showJson("plain")).toMatchObject({ port: 25, tls: "none", verifyTls: true, password: "" });
  });

  it("list prints a table, or JSON, of every server", async () => {
    expect((await smtp(["list"])).stdout).toMatch(/^No SMTP servers are defined\./);
    await smtp(["set", "relay", ...relayFlags]);
    await smtp(["set", "backup", "--host", "10.0.0.25", "--port", "25", "--sender", "b@example.com"]);
    const table = await smtp(["list"]);
    expect(table.code).toBe(0);
    expect(
      table.stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(/\s{2,}/)),
    ).toEqual([
      ["NAME", "HOST", "PORT", "TLS", "SENDER", "REVISION", "DESCRIPTION"],
      ["backup", "10.0.0.25", "25", "none", "b@example.com", "1"],
      ["relay", "mail.example.com", "587", "starttls", "sms@example.com", "1", "the mail relay"],
    ]);
    const json = await smtp(["list", "--json"]);
    const servers = JSON.parse(json.stdout) as { name: string; password: string }[];
    expect(servers.map((server) => [server.name, server.password])).toEqual([
      ["backup", ""],
      ["relay", "__CENSORED__"],
    ]);
    expect(json.stdout).not.toContain("mail-s3cret");
  });

  it("show and delete of an unknown server exit 2", async () => {
    for (const command of ["show", "delete"]) {
      const result = await smtp([command, "nope"]);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr:
          "smskit: SMTP server 'nope' is not defined; list the defined ones with 'smskit smtp list' (SMSKIT_E_SMTP_SERVER_NOT_FOUND)\n",
      });
    }
  });

  it("delete removes a server no gateway uses", async () => {
    await smtp(["set", "relay", ...relayFlags]);
    expect(await smtp(["delete", "relay"])).toEqual({
      code: 0,
      stdout: "Deleted SMTP server 'relay'.\n",
      stderr: "",
    });
    expect((await smtp(["show", "relay"])).code).toBe(2);
  });

  it("delete of a server that smtp gateways use exits 2 naming them, and keeps it", async () => {
    const real = { realProviders: true };
    expect((await smtp(["set", "relay", ...relayFlags], real)).code).toBe(0);
    for (const name of ["mail-a", "mail-b"]) {
      const saved = await runWithStore(
        app,
        [
          "gateway",
          "set",
          name,
          "--provider",
          "smtp",
          "--param",
          "MAILTO={phone}@sms.example.net",
          "--param",
          "SMTPIDENTIFIER=relay",
        ],
        real,
      );
      expect(saved).toMatchObject({ code: 0, stderr: "" });
    }
    const refused = await smtp(["delete", "relay"], real);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      "smskit: SMTP server 'relay' is used by gateways 'mail-a', 'mail-b'; point them at another server or delete them first (SMSKIT_E_SMTP_SERVER_IN_USE)\n",
    );
    const shown = await smtp(["show", "relay"], real);
    expect(shown.stdout).toMatch(/^used by: +mail-a, mail-b$/m);

    await runWithStore(app, ["gateway", "delete", "mail-a"], real);
    await runWithStore(app, ["gateway", "delete", "mail-b"], real);
    expect((await smtp(["delete", "relay"], real)).code).toBe(0);
  });
});
