import { join } from "node:path";
import type { FakeHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { run, runWithStore } from "./support/run.js";

describe("smskit send", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    server = await startGatewayServer();
    const saved = await runWithStore(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "echo",
      "--param",
      `URL=${server.url}/send`,
      "--param",
      "REGEXP=/^0/49/",
      "--param",
      "PASSWORD=s3cret",
      "--option",
      "note=for {phone}",
    ]);
    expect(saved.code).toBe(0);
  });
  afterEach(async () => {
    await server.close();
    await app.remove();
  });

  const received = (index = 0) => (server.requests[index]?.json ?? null) as Record<string, unknown>;

  it("sends the message given as an argument and says what the gateway accepted", async () => {
    const result = await runWithStore(app, ["send", "otp", "01511234", "Your code is 123456"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Sent to 491511234 as message [0-9A-Z]{26} through gateway 'otp' \(provider echo\): message id msg-1, 1 part, \d+ ms\.\n$/,
    );
    expect(received()).toMatchObject({
      to: "491511234",
      text: "Your code is 123456",
      options: { note: "for 491511234" },
    });
  });

  it("reads a message of '-' from standard input exactly, less one trailing newline", async () => {
    const text = '  line one\n\n"quoted" & <tagged> 😀 \n\tlast  ';
    const result = await runWithStore(app, ["send", "otp", "+15550100", "-"], { stdin: `${text}\n` });
    expect(result.code).toBe(0);
    expect(received().text).toBe(text);
    const crlf = await runWithStore(app, ["send", "otp", "+15550100", "-"], { stdin: "two\n\n" });
    expect(crlf.code).toBe(0);
    expect(received(1).text).toBe("two\n");
  });

  it("prints the result as JSON with --json", async () => {
    const result = await runWithStore(app, ["send", "--json", "otp", "+15550100", "hello"]);
    expect(result.code).toBe(0);
    const sent = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(sent).toMatchObject({
      gateway: "otp",
      provider: "echo",
      to: "+15550100",
      messageId: "msg-1",
      parts: 1,
    });
    expect(typeof sent.durationMs).toBe("number");
  });

  it("passes --title and --data along", async () => {
    const result = await runWithStore(app, [
      "send",
      "otp",
      "+15550100",
      "body",
      "--title",
      "Security",
      "--data",
      "kind=login",
      "--data",
      "url=https://example.com/?a=b",
    ]);
    expect(result.code).toBe(0);
    expect(received()).toMatchObject({
      title: "Security",
      data: { kind: "login", url: "https://example.com/?a=b" },
    });
  });

  it("takes a message that starts with '-' after '--'", async () => {
    const result = await run(app, ["send", "--store", app.store, "otp", "+15550100", "--", "-5 degrees"]);
    expect(result.code).toBe(0);
    expect(received().text).toBe("-5 degrees");
  });

  it("exits 1 with one line naming the gateway when delivery fails, without secrets", async () => {
    server.respond({ status: 503, body: "overloaded, password s3cret refused" });
    const result = await runWithStore(app, ["send", "otp", "+15550100", "hello"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^smskit: gateway 'otp': [^\n]*HTTP 503[^\n]* \(SMSKIT_E_SEND_FAILED\)\n$/);
    expect(result.stderr).not.toContain("s3cret");
  });

  it("gives up after --timeout seconds with exit code 1", async () => {
    server.respond({ hang: true });
    const started = performance.now();
    const result = await runWithStore(app, ["send", "otp", "+15550100", "hello", "--timeout", "0.3"]);
    expect(performance.now() - started).toBeLessThan(1800);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^smskit: [^\n]* \(SMSKIT_E_SEND_TIMEOUT\)\n$/);
  });

  it("refuses a --timeout that is not a positive number", async () => {
    const result = await runWithStore(app, ["send", "otp", "+15550100", "hello", "--timeout", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'smskit: --timeout expects a number of seconds greater than 0 and at most 86400 (one day), got "soon" (SMSKIT_E_USAGE)\n',
    );
    expect(server.requests).toEqual([]);
  });

  it("hands the script directory from --script-dir or SMSKIT_SCRIPT_DIR to the providers", async () => {
    await runWithStore(app, ["send", "otp", "+15550100", "one", "--script-dir", "scripts"]);
    expect(received(0).scriptDirectory).toBe(join(app.directory, "scripts"));
    await runWithStore(app, ["send", "otp", "+15550100", "two"], {
      env: { SMSKIT_SCRIPT_DIR: "/opt/sms-scripts" },
    });
    expect(received(1).scriptDirectory).toBe("/opt/sms-scripts");
  });

  it("exits 2 when the gateway is not defined", async () => {
    const result = await runWithStore(app, ["send", "nope", "+15550100", "hello"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "smskit: gateway 'nope' is not defined, nor a route of that name; list them with 'smskit gateway list' and 'smskit route list' (SMSKIT_E_GATEWAY_NOT_FOUND)\n",
    );
    expect(server.requests).toEqual([]);
  });

  it("exits 2 on a malformed --data", async () => {
    const result = await runWithStore(app, ["send", "otp", "+15550100", "hello", "--data", "kind"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^smskit: --data expects KEY=VALUE, got "kind"; .* \(SMSKIT_E_USAGE\)\n$/);
    expect(server.requests).toEqual([]);
  });
});
