import { describe, expect, it } from "vitest";
import { url, useOtpGateway } from "./support/gateway-otp.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { runWithStore } from "./support/run.js";

describe("smskit gateway", () => {
  const { app, define, show } = useOtpGateway();

  it("set creates a definition and show prints it with secrets censored", async () => {
    const saved = await define();
    expect(saved).toEqual({
      code: 0,
      stdout: "Saved gateway 'otp' (provider echo, revision 1).\n",
      stderr: "",
    });
    expect(await show()).toMatchObject({
      name: "otp",
      provider: "echo",
      description: "one-time passwords",
      parameters: { URL: url, PASSWORD: "__CENSORED__" },
      options: { text: "{otp}" },
      headers: {},
      revision: 1,
    });
  });

  it("set replaces a definition and raises its revision", async () => {
    await define();
    const replaced = await runWithStore(app(), [
      "gateway",
      "set",
      "otp",
      "--provider",
      "echo",
      "--param",
      `URL=${url}x`,
    ]);
    expect(replaced.code).toBe(0);
    expect(await show()).toMatchObject({
      parameters: { URL: `${url}x` },
      options: {},
      description: "",
      revision: 2,
    });
  });

  it("set accepts a provider's legacy name and stores its id", async () => {
    const result = await runWithStore(app(), [
      "gateway",
      "set",
      "old",
      "--provider",
      "tests.EchoProvider",
      "--param",
      `URL=${url}`,
    ]);
    expect(result.code).toBe(0);
    expect(await show("old")).toMatchObject({ provider: "echo" });
  });

  it("set starts from a preset that the flags override", async () => {
    const result = await runWithStore(app(), [
      "gateway",
      "set",
      "local",
      "--provider",
      "echo",
      "--preset",
      "local",
      "--param",
      `URL=${url}`,
      "--param",
      "TIMEOUT=9",
      "--option",
      "priority=high",
    ]);
    expect(result.code).toBe(0);
    expect(await show("local")).toMatchObject({
      parameters: { URL: url, HTTP_METHOD: "POST", TIMEOUT: "9" },
      options: { from: "smskit", priority: "high" },
    });
  });

  it("set carries a preset's secret options into the definition", async () => {
    const server = await startGatewayServer();
    try {
      const result = await runWithStore(app(), [
        "gateway",
        "set",
        "vaulted",
        "--provider",
        "echo",
        "--preset",
        "vault",
        "--param",
        `URL=${server.url}/send`,
        "--option",
        "account=acc-4711",
        "--option",
        "pin=9876",
        "--secret-option",
        "extra=x-secret",
      ]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      const shown = await show("vaulted");
      expect(shown).toMatchObject({
        options: { from: "smskit", account: "__CENSORED__", pin: "__CENSORED__", extra: "__CENSORED__" },
      });
      expect([...(shown.secretOptions as string[])].sort()).toEqual(["account", "extra", "pin"]);
      const listed = await runWithStore(app(), ["gateway", "list", "--json"]);
      expect(listed.stdout).not.toMatch(/acc-4711|9876|x-secret/);
      expect((await runWithStore(app(), ["send", "vaulted", "+15550100", "hi"])).code).toBe(0);
      expect(server.requests[0]?.json).toMatchObject({
        options: { from: "smskit", account: "acc-4711", pin: "9876", extra: "x-secret" },
      });
    } finally {
      await server.close();
    }
  });

  it("set refuses an unknown preset, naming the known ones", async () => {
    const result = await runWithStore(app(), [
      "gateway",
      "set",
      "x",
      "--provider",
      "echo",
      "--preset",
      "remote",
      "--param",
      `URL=${url}`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "smskit: provider 'echo' has no preset 'remote'; known presets: local, vault (SMSKIT_E_USAGE)\n",
    );
  });

  it("list prints a table, or JSON, of every definition", async () => {
    await define();
    await runWithStore(app(), ["gateway", "set", "backup", "--provider", "echo", "--param", `URL=${url}`]);
    const table = await runWithStore(app(), ["gateway", "list"]);
    expect(table.code).toBe(0);
    expect(
      table.stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(/\s{2,}/)),
    ).toEqual([
      ["NAME", "PROVIDER", "REVISION", "DESCRIPTION"],
      ["backup", "echo", "1"],
      ["otp", "echo", "1", "one-time passwords"],
    ]);
    const json = await runWithStore(app(), ["gateway", "list", "--json"]);
    const gateways = JSON.parse(json.stdout) as { name: string; parameters: Record<string, unknown> }[];
    expect(gateways.map((gateway) => gateway.name)).toEqual(["backup", "otp"]);
    expect(gateways[1]?.parameters.PASSWORD).toBe("__CENSORED__");
    expect(json.stdout).not.toContain("s3cret");
  });

  it("list says so when nothing is defined", async () => {
    const result = await runWithStore(app(), ["gateway", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No gateways are defined/);
    expect(JSON.parse((await runWithStore(app(), ["gateway", "list", "--json"])).stdout)).toEqual([]);
  });

  it("show prints a readable definition without secrets", async () => {
    await define();
    const result = await runWithStore(app(), ["gateway", "show", "otp"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^name: +otp$/m);
    expect(result.stdout).toMatch(/^provider: +echo$/m);
    expect(result.stdout).toMatch(/^revision: +1$/m);
    expect(result.stdout).toContain(`  URL=${url}\n`);
    expect(result.stdout).toContain("  PASSWORD=__CENSORED__\n");
    expect(result.stdout).toContain("headers: (none)\n");
    expect(result.stdout).not.toContain("s3cret");
  });

  it("show and delete of an unknown gateway exit 2", async () => {
    for (const command of ["show", "delete"]) {
      const result = await runWithStore(app(), ["gateway", command, "nope"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "smskit: gateway 'nope' is not defined; list the defined ones with 'smskit gateway list' (SMSKIT_E_GATEWAY_NOT_FOUND)\n",
      );
    }
  });

  it("delete removes a definition", async () => {
    await define();
    const result = await runWithStore(app(), ["gateway", "delete", "otp"]);
    expect(result).toEqual({ code: 0, stdout: "Deleted gateway 'otp'.\n", stderr: "" });
    expect((await runWithStore(app(), ["gateway", "show", "otp"])).code).toBe(2);
  });

  it("writing __CENSORED__ back keeps the stored secret", async () => {
    const server = await startGatewayServer();
    try {
      await runWithStore(app(), [
        "gateway",
        "set",
        "otp",
        "--provider",
        "echo",
        "--param",
        `URL=${server.url}/send`,
        "--param",
        "PASSWORD=s3cret",
      ]);
      const rewritten = await runWithStore(app(), [
        "gateway",
        "set",
        "otp",
        "--provider",
        "echo",
        "--param",
        `URL=${server.url}/send`,
        "--param",
        "PASSWORD=__CENSORED__",
        "--description",
        "renamed",
      ]);
      expect(rewritten.code).toBe(0);
      expect((await runWithStore(app(), ["send", "otp", "+15550100", "hi"])).code).toBe(0);
      expect(server.requests[0]?.json).toMatchObject({ password: "s3cret" });
    } finally {
      await server.close();
    }
  });

  it("set stores options flagged --secret-option as secrets", async () => {
    const server = await startGatewayServer();
    try {
      const saved = await runWithStore(app(), [
        "gateway",
        "set",
        "otp",
        "--provider",
        "echo",
        "--param",
        `URL=${server.url}/send`,
        "--secret-option",
        "account=acc-123=x",
        "--option",
        "from=smskit",
      ]);
      expect(saved.code).toBe(0);
      expect(await show()).toMatchObject({
        options: { account: "__CENSORED__", from: "smskit" },
        secretOptions: ["account"],
        secretHeaders: [],
      });
      expect((await runWithStore(app(), ["gateway", "list", "--json"])).stdout).not.toContain("acc-123");
      expect((await runWithStore(app(), ["send", "otp", "+15550100", "hi"])).code).toBe(0);
      expect(server.requests[0]?.json).toMatchObject({ options: { account: "acc-123=x", from: "smskit" } });
    } finally {
      await server.close();
    }
  });
});
