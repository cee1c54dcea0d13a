import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { runReal } from "./support/http-gateways.js";
import { run, runWithStore } from "./support/run.js";

const { DatabaseSync: Database } = createRequire(import.meta.url)("node:sqlite") as {
  DatabaseSync: typeof DatabaseSync;
};

describe("secrets in URLs, PARAMETER, headers, files (issue 11, items 2-5)", () => {
  let app: FixtureApp;
  let gateway: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    gateway = await startHttpServer();
  });
  afterEach(async () => {
    await gateway.close();
    await app.remove();
  });

  const host = () => gateway.url.replace("http://", "");
  const definition = () => [
    "gateway",
    "set",
    "otp",
    "--provider",
    "http",
    "--param",
    `URL=http://alice:url-s3cret-1@${host()}/send`,
    "--param",
    "HTTPS_PROXY=http://bob:proxy-s3cret-2@127.0.0.1:9/",
    "--param",
    'PARAMETER={"api_id":"1234","api_key":"param-s3cret-3"}',
    "--param",
    "HTTP_METHOD=POST",
    "--option",
    "text={otp}",
    "--secret-header",
    "X-Auth=header-s3cret-4",
  ];
  const secrets = ["url-s3cret-1", "proxy-s3cret-2", "param-s3cret-3", "header-s3cret-4"];

  it("encrypts URL credentials and secret-named PARAMETER keys at rest and shows them censored", async () => {
    expect(
      (
        await runReal(app, [
          "gateway",
          "set",
          "first",
          "--provider",
          "http",
          "--param",
          `URL=${gateway.url}`,
          "--param",
          "HTTP_METHOD=POST",
        ])
      ).code,
    ).toBe(0);
    const reader = new Database(app.store, { readOnly: true });
    try {
      reader.prepare("SELECT count(*) FROM sqlite_master").get();
      expect(await runReal(app, definition())).toMatchObject({ code: 0, stderr: "" });
      const raw = Buffer.concat([await readFile(app.store), await readFile(`${app.store}-wal`)]).toString(
        "latin1",
      );
      for (const secret of secrets) expect(raw).not.toContain(secret);
    } finally {
      reader.close();
    }

    const shown = await runReal(app, ["gateway", "show", "otp"]);
    expect(shown.stdout).toContain(`  URL=http://alice:__CENSORED__@${host()}/send\n`);
    expect(shown.stdout).toContain("  HTTPS_PROXY=http://bob:__CENSORED__@127.0.0.1:9/\n");
    expect(shown.stdout).toContain('  PARAMETER={"api_id":"1234","api_key":"__CENSORED__"}\n');
    expect(shown.stdout).toContain("secrets: URL, HTTPS_PROXY, PARAMETER, headers.X-Auth\n");
    const listed = await runReal(app, ["gateway", "list", "--json"]);
    const censored = await runReal(app, ["export", "--censor"]);
    for (const output of [shown.stdout, listed.stdout, censored.stdout]) {
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
    expect(listed.stdout).toContain(`http://alice:__CENSORED__@${host()}/send`);

    // Written back as shown: every secret is kept, still encrypted.
    const again = await runReal(app, [
      "gateway",
      "set",
      "otp",
      "--provider",
      "http",
      "--param",
      `URL=http://alice:__CENSORED__@${host()}/send`,
      "--param",
      "HTTPS_PROXY=http://bob:__CENSORED__@127.0.0.1:9/",
      "--param",
      'PARAMETER={"api_id":"1234","api_key":"__CENSORED__"}',
      "--param",
      "HTTP_METHOD=POST",
      "--option",
      "text={otp}",
      "--header",
      "X-Auth=__CENSORED__",
    ]);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect((await runReal(app, ["export", "--censor"])).stdout).not.toContain("header-s3cret-4");
    const exported = (await runReal(app, ["export"])).stdout;
    for (const secret of secrets) expect(exported).toContain(secret);
    expect((await runReal(app, ["send", "otp", "+4912345", "hi"])).code).toBe(0);
    const received = gateway.requests.at(-1);
    expect(received?.headers.authorization).toBe(
      `Basic ${Buffer.from("alice:url-s3cret-1").toString("base64")}`,
    );
    expect(received?.headers["x-auth"]).toBe("header-s3cret-4");
    expect(received?.form?.api_key).toBe("param-s3cret-3");
  });

  it("refuses __CENSORED__ where no secret is stored, with exit 2, and changes nothing", async () => {
    expect((await runReal(app, [...definition(), "--header", "X-Plain=abc"])).code).toBe(0);
    for (const flag of ["X-Plain=__CENSORED__", "X-New=__CENSORED__"]) {
      const refused = await runReal(app, [...definition(), "--header", flag]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`header ${flag.split("=")[0]} is __CENSORED__`);
    }
    const plainUrl = definition().map((value) =>
      value.startsWith("PARAMETER=") ? 'PARAMETER={"token":"__CENSORED__"}' : value,
    );
    expect((await runReal(app, plainUrl)).code).toBe(2);
    expect((await runReal(app, ["gateway", "show", "otp", "--json"])).stdout).toContain('"revision": 1');
  });

  it("refuses a store with secrets whose key file is gone, and creates no file", async () => {
    expect((await runReal(app, definition())).code).toBe(0);
    await rm(`${app.store}.key`);
    for (const argv of [
      ["gateway", "list"],
      ["export", "--censor"],
      ["send", "otp", "+4912345", "hi"],
    ]) {
      const refused = await runReal(app, argv);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${app.store}.key`);
      expect(refused.stderr).toContain("SMSKIT_SECRET_KEY");
      expect(existsSync(`${app.store}.key`)).toBe(false);
    }
    expect(gateway.requests).toHaveLength(0);
  });

  it("read-only commands create no store and no key; a store in a missing directory is refused", async () => {
    const fresh = join(app.directory, "fresh.db");
    for (const argv of [
      ["gateway", "list"],
      ["gateway", "list", "--json"],
      ["export", "--censor"],
      ["smtp", "list"],
      ["route", "list"],
    ]) {
      expect((await run(app, [...argv, "--store", fresh], { realProviders: true })).code).toBe(0);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(existsSync(`${fresh}.key`)).toBe(false);
    // A store without secrets gets no key file either.
    expect(
      (
        await runReal(app, [
          "gateway",
          "set",
          "open",
          "--provider",
          "http",
          "--param",
          `URL=${gateway.url}`,
          "--param",
          "HTTP_METHOD=POST",
        ])
      ).code,
    ).toBe(0);
    expect(existsSync(app.store)).toBe(true);
    expect(existsSync(`${app.store}.key`)).toBe(false);
    const missing = join(app.directory, "no", "such", "dir", "s.db");
    const refused = await run(app, [...definition(), "--store", missing], { realProviders: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the directory of the store ${missing} does not exist`);
    expect(existsSync(join(app.directory, "no"))).toBe(false);
  });

  it("reads parameter, option and header values from files and standard input", async () => {
    const secretsDir = join(app.directory, "run");
    await mkdir(secretsDir);
    await writeFile(join(secretsDir, "password"), "file-s3cret-5\n");
    await writeFile(join(secretsDir, "pin"), "pin-s3cret-6");
    const saved = await runWithStore(
      app,
      [
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
        "--param-file",
        `PASSWORD=${join(secretsDir, "password")}`,
        "--secret-option-file",
        "pin=run/pin",
        "--secret-header-file",
        "X-Auth=-",
        "--option",
        "text={otp}",
      ],
      { realProviders: true, stdin: "stdin-s3cret-7\n" },
    );
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    expect((await runReal(app, ["send", "otp", "+4912345", "hi"])).code).toBe(0);
    const received = gateway.requests.at(-1);
    expect(received?.headers.authorization).toBe(
      `Basic ${Buffer.from("alice:file-s3cret-5").toString("base64")}`,
    );
    expect(received?.query.pin ?? received?.form?.pin).toBe("pin-s3cret-6");
    expect(received?.headers["x-auth"]).toBe("stdin-s3cret-7");

    const twice = await runWithStore(
      app,
      [
        "gateway",
        "set",
        "otp",
        "--provider",
        "http",
        "--param",
        `URL=${gateway.url}`,
        "--param",
        "HTTP_METHOD=POST",
        "--param-file",
        "PASSWORD=-",
        "--header-file",
        "X-A=-",
      ],
      { realProviders: true, stdin: "x" },
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("both read standard input");
    for (const path of [join(secretsDir, "absent"), secretsDir]) {
      const bad = await runReal(app, [
        "gateway",
        "set",
        "otp",
        "--provider",
        "http",
        "--param",
        `URL=${gateway.url}`,
        "--param",
        "HTTP_METHOD=POST",
        "--param-file",
        `PASSWORD=${path}`,
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(path);
    }
    const smtp = await runWithStore(
      app,
      [
        "smtp",
        "set",
        "relay",
        "--host",
        "mail.example.com",
        "--sender",
        "s@example.com",
        "--password-file",
        "-",
      ],
      { realProviders: true, stdin: "smtp-s3cret-8\n" },
    );
    expect(smtp).toMatchObject({ code: 0, stderr: "" });
    expect((await runReal(app, ["export"])).stdout).toContain('"password": "smtp-s3cret-8"');
  });
});
