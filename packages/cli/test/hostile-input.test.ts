import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FakeHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { run, runWithStore } from "./support/run.js";

const execFileAsync = promisify(execFile);

describe("inputs that would hang or exhaust the process", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    server = await startGatewayServer();
  }, 20_000);
  afterEach(async () => {
    await server.close();
    await app.remove();
  }, 20_000);

  const real = (argv: readonly string[]) => runWithStore(app, argv, { realProviders: true });
  /** `gateway set otp` of the fixture's echo provider aimed at the recording server, with one more parameter. */
  const setEchoGateway = (parameter: string) =>
    runWithStore(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "echo",
      "--param",
      `URL=${server.url}/send`,
      "--param",
      parameter,
    ]);

  it("sends through REGEXP=/(a+)+$/x/ with a long recipient to its end, rewritten right", async () => {
    const saved = await setEchoGateway("REGEXP=/(a+)+$/x/");
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    const long = `${"a".repeat(30)}!`;
    const untouched = await runWithStore(app, ["send", "--timeout", "5", "otp", long, "code"]);
    expect(untouched).toMatchObject({ code: 0, stderr: "" });
    const rewritten = await runWithStore(app, ["send", "otp", `+49${"a".repeat(40)}`, "code"]);
    expect(rewritten).toMatchObject({ code: 0, stderr: "" });
    expect(server.requests.map((request) => (request.json as { to: string }).to)).toEqual([long, "+49x"]);
  }, 20_000);

  it("refuses a REGEXP with a backreference or lookaround at save time, saying why", async () => {
    for (const [rule, reason] of [
      [
        "/(\\d)\\1/x/",
        /has a backreference \(\\1\) in the pattern, which REGEXP runs on a linear-time engine/,
      ],
      ["/^0(?!0)/49/", /has a lookahead or lookbehind/],
    ] as const) {
      const result = await setEchoGateway(`REGEXP=${rule}`);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).toMatch(/\(SMSKIT_E_GATEWAY_INVALID\)\n$/);
    }
    expect((await runWithStore(app, ["gateway", "list", "--json"])).stdout).toBe("[]\n");
  }, 20_000);

  it("refuses a recipient starting with '-' before the script runs (smskit send sc -- -rf x)", async () => {
    const scripts = join(app.directory, "scripts");
    await mkdir(scripts);
    const ran = join(app.directory, "script-ran");
    await writeFile(join(scripts, "sms.sh"), `#!/bin/sh\nprintf '%s\\n' "$@" > "${ran}"\n`);
    await chmod(join(scripts, "sms.sh"), 0o755);
    const flags = ["--store", app.store, "--script-dir", scripts];
    const saved = await run(
      app,
      [
        "gateway",
        "set",
        "sc",
        "--provider",
        "script",
        "--param",
        "script=sms.sh",
        "--param",
        "background=wait",
        ...flags,
      ],
      { realProviders: true },
    );
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    const sent = await run(app, ["send", ...flags, "sc", "--", "-rf", "x"], { realProviders: true });
    expect(sent.stdout).toBe("");
    expect(sent.stderr).toBe(
      "smskit: gateway 'sc': the recipient \"-rf\" starts with '-'; a phone number starts with a digit or '+'; nothing was sent (SMSKIT_E_RECIPIENT_INVALID)\n",
    );
    expect(sent.code).toBe(1);
    await expect(readFile(ran, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    const fine = await run(app, ["send", ...flags, "sc", "+4917012345", "x"], { realProviders: true });
    expect(fine).toMatchObject({ code: 0, stderr: "" });
    expect(await readFile(ran, "utf8")).toBe("+4917012345\n");
  }, 20_000);

  it("refuses every time value above its maximum at save time, and --timeout above a day", async () => {
    const tooLong = [
      ["http", "TIMEOUT"],
      ["script", "TIMEOUT"],
      ["smpp", "TIMEOUT"],
      ["smpp", "ENQUIRE_LINK"],
      ["firebase", "time to live"],
    ] as const;
    for (const [provider, parameter] of tooLong) {
      const result = await real([
        "gateway",
        "set",
        "slow",
        "--provider",
        provider,
        "--param",
        `${parameter}=2200000`,
      ]);
      expect(result.code, `${provider} ${parameter}`).toBe(2);
      expect(result.stderr).toContain(`parameter ${parameter} must be <= 86400 (got 2200000)`);
    }
    const smtp = await real([
      "smtp",
      "set",
      "relay",
      "--host",
      "mail.example.com",
      "--sender",
      "a@b.example",
      "--timeout",
      "2200000",
    ]);
    expect(smtp.code).toBe(2);
    expect(smtp.stderr).toContain("timeout must be <= 86400 (got 2200000)");
    expect((await real(["gateway", "list", "--json"])).stdout).toBe("[]\n");

    expect(await setEchoGateway("TIMEOUT=5")).toMatchObject({ code: 0 });
    const send = await runWithStore(app, ["send", "--timeout", "99999999999", "otp", "+1", "code"]);
    expect(send.code).toBe(2);
    expect(send.stderr).toMatch(/--timeout expects a number of seconds greater than 0 and at most 86400/);
    expect(server.requests).toEqual([]);
  }, 20_000);

  it("refuses CR/LF and other control characters in header names and values at save time", async () => {
    for (const header of ["X-Auth=a\r\nX-Injected: 1", "X-Auth=a\nb", "Bad Name=x", "X-Auth=a\u0007"]) {
      const result = await real([
        "gateway",
        "set",
        "web",
        "--provider",
        "http",
        "--param",
        `URL=${server.url}/send`,
        "--param",
        "HTTP_METHOD=POST",
        "--header",
        header,
      ]);
      expect(result.code, JSON.stringify(header)).toBe(2);
      expect(result.stderr).toMatch(
        /header .* (has a line break or another control character|is not a valid header name)/,
      );
    }
    expect((await real(["gateway", "list", "--json"])).stdout).toBe("[]\n");
  }, 20_000);

  it("reads the Firebase JSON config file only when it is a regular file of at most 1 MiB, never repeating its type", async () => {
    const fifo = join(app.directory, "fifo.json");
    await execFileAsync("mkfifo", [fifo]);
    const zero = join(app.directory, "zero.json");
    await symlink("/dev/zero", zero);
    const big = join(app.directory, "big.json");
    await writeFile(big, `{"type":"service_account","pad":"${"x".repeat(1024 * 1024)}"}`);
    const typed = join(app.directory, "typed.json");
    await writeFile(typed, JSON.stringify({ type: "private-type-value" }));
    for (const [file, reason] of [
      [fifo, /is not a regular file \(a device, FIFO or socket\)/],
      [zero, /is not a regular file/],
      ["/dev/zero", /is not a regular file/],
      [big, /is larger than 1 MiB/],
      [typed, /is JSON but not a service-account key: it lacks "type": "service_account"/],
    ] as const) {
      const result = await real([
        "gateway",
        "set",
        "push",
        "--provider",
        "firebase",
        "--param",
        `JSON config file=${file}`,
      ]);
      expect(result.code, file).toBe(2);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).not.toContain("private-type-value");
    }
  }, 20_000);
});
