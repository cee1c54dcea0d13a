import { type FakeHttpServer, type RecordedRequest, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { runReal } from "./support/http-gateways.js";

/** A gateway that answers 500 and echoes the request: its headers first, then its body. */
const echoing = (request: RecordedRequest) => ({
  status: 500,
  headers: { "content-type": "text/plain" },
  body: `authorization: ${request.headers.authorization ?? ""}\n${request.text}`,
});

describe("secrets and message texts in errors (issue 11, items 1, 6, 7)", () => {
  let app: FixtureApp;
  let gateway: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    gateway = await startHttpServer({ responder: echoing });
  });
  afterEach(async () => {
    await gateway.close();
    await app.remove();
  });

  const password = 'pa"ss\\w0rd/é';
  const basic = Buffer.from(`alice:${password}`).toString("base64");

  it("censors Basic credentials, JSON-escaped, URL- and form-encoded secrets in the error", async () => {
    const saved = await runReal(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "http",
      "--param",
      `URL=${gateway.url}/send`,
      "--param",
      "HTTP_METHOD=POST",
      "--param",
      "USERNAME=alice",
      "--param",
      `PASSWORD=${password}`,
      "--secret-option",
      `pin=${password}`,
      "--option",
      "text={otp}",
    ]);
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    for (const json of ["false", "true"]) {
      await runReal(app, ["gateway", "set", "otp", "--provider", "http", ...keep(json)]);
      const sent = await runReal(app, ["send", "otp", "+4912345", "hello"]);
      expect(sent.code).toBe(1);
      const received = gateway.requests.at(-1);
      expect(received?.headers.authorization).toBe(`Basic ${basic}`);
      expect(sent.stderr).toContain("HTTP 500");
      for (const form of [
        basic,
        password,
        JSON.stringify(password).slice(1, -1),
        encodeURIComponent(password),
        new URLSearchParams({ p: password }).toString().slice(2),
      ]) {
        expect(sent.stderr).not.toContain(form);
      }
      expect(sent.stderr).toContain("authorization: __CENSORED__");
    }
    function keep(json: string): string[] {
      return [
        "--param",
        `URL=${gateway.url}/send`,
        "--param",
        "HTTP_METHOD=POST",
        "--param",
        `SEND_DATA_AS_JSON=${json}`,
        "--param",
        "USERNAME=alice",
        "--param",
        "PASSWORD=__CENSORED__",
        "--option",
        "pin=__CENSORED__",
        "--option",
        "text={otp}",
      ];
    }
  });

  it("does not garble free text with a short secret, but censors it where it was put", async () => {
    gateway.respond((request) => ({ status: 500, body: `expected field; got ${request.text}` }));
    const saved = await runReal(app, [
      "gateway",
      "set",
      "short",
      "--provider",
      "http",
      "--param",
      `URL=${gateway.url}/send`,
      "--param",
      "HTTP_METHOD=POST",
      "--secret-option",
      "pin=x",
      "--option",
      "text={otp}",
    ]);
    expect(saved.code).toBe(0);
    const sent = await runReal(app, ["send", "short", "+4912345", "hello"]);
    expect(sent.code).toBe(1);
    expect(gateway.requests.at(-1)?.text).toContain("pin=x");
    expect(sent.stderr).toContain("expected field");
    expect(sent.stderr).toContain("pin=__CENSORED__");
    expect(sent.stderr).not.toContain("pin=x");
  });

  it("replaces the message text in the error with <message> unless debug logging is on", async () => {
    const saved = await runReal(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "http",
      "--param",
      `URL=${gateway.url}/send`,
      "--param",
      "HTTP_METHOD=POST",
      "--option",
      "text={otp}",
    ]);
    expect(saved.code).toBe(0);
    const text = "Your code is 493817";
    const sent = await runReal(app, ["send", "otp", "+4912345", text]);
    expect(sent.code).toBe(1);
    expect(gateway.requests.at(-1)?.form?.text).toBe(text);
    expect(sent.stderr).not.toContain("493817");
    expect(sent.stderr).toContain("text=<message>");
    expect(sent.stderr).not.toContain("Your+code");

    const debug = await runDebug(app, ["send", "otp", "+4912345", text]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain("493817");
  });
});

async function runDebug(app: FixtureApp, argv: readonly string[]) {
  const { runWithStore } = await import("./support/run.js");
  return runWithStore(app, argv, { realProviders: true, env: { SMSKIT_LOG_LEVEL: "debug" } });
}
