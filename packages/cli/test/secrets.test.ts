import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { FakeHttpServer } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixtureApp, type FixtureApp } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { type RunOptions, runWithStore } from "./support/run.js";

// Loaded like core loads it: vitest's module graph does not know node:sqlite.
const { DatabaseSync: Database } = createRequire(import.meta.url)("node:sqlite") as {
  DatabaseSync: typeof DatabaseSync;
};

const newKey = () => randomBytes(32).toString("base64");

describe("secrets at rest", () => {
  let app: FixtureApp;
  let server: FakeHttpServer;
  beforeEach(async () => {
    app = await createFixtureApp();
    server = await startGatewayServer();
  });
  afterEach(async () => {
    await server.close();
    await app.remove();
  });

  const keyFile = () => `${app.store}.key`;
  /** A gateway with a secret parameter and a secret option, one without secrets, and an SMTP server with a password. */
  const defineSecrets = async (options: RunOptions = {}) => {
    const results = [
      await runWithStore(
        app,
        [
          "gateway",
          "set",
          "otp",
          "--provider",
          "echo",
          "--param",
          `URL=${server.url}/send`,
          "--param",
          "PASSWORD=param-s3cret-1",
          "--secret-option",
          "account=option-s3cret-2",
        ],
        options,
      ),
      await runWithStore(
        app,
        ["gateway", "set", "open", "--provider", "echo", "--param", `URL=${server.url}/open`],
        options,
      ),
      await runWithStore(
        app,
        [
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
          "smtp-s3cret-3",
        ],
        options,
      ),
    ];
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: "" });
  };
  /** Send through `otp` and return what the gateway received. */
  const sendOtp = async (options: RunOptions = {}) => {
    const before = server.requests.length;
    const result = await runWithStore(app, ["send", "otp", "+15550100", "hi"], options);
    return { result, received: server.requests[before]?.json };
  };
  const mode = async (path: string) => (await stat(path)).mode & 0o777;

  it("keeps no secret in clear text in the SQLite file or its write-ahead log", async () => {
    const created = ["gateway", "set", "open", "--provider", "echo", "--param", `URL=${server.url}/open`];
    expect((await runWithStore(app, created)).code).toBe(0);
    // An open reader keeps the write-ahead log from being folded into the database on close.
    const reader = new Database(app.store, { readOnly: true });
    try {
      reader.prepare("SELECT count(*) FROM sqlite_master").get();
      await defineSecrets();
      expect(existsSync(`${app.store}-wal`)).toBe(true);
      const raw = Buffer.concat([
        await readFile(app.store),
        await readFile(`${app.store}-wal`),
        ...(existsSync(`${app.store}-shm`) ? [await readFile(`${app.store}-shm`)] : []),
      ]).toString("latin1");
      expect(raw).toContain("smskit:aes256gcm:v1:");
      expect(raw).toContain(`${server.url}/send`);
      for (const secret of ["param-s3cret-1", "option-s3cret-2", "smtp-s3cret-3", "s3cret"])
        expect(raw).not.toContain(secret);
    } finally {
      reader.close();
    }
    expect(await mode(keyFile())).toBe(0o600);
    const exported = await runWithStore(app, ["export"]);
    expect(exported.stdout).toMatch(/param-s3cret-1[\s\S]*option-s3cret-2[\s\S]*smtp-s3cret-3/);
  });

  it("a wrong SMSKIT_SECRET_KEY makes send exit 2 naming the gateway; gateways without secrets still send", async () => {
    await defineSecrets();
    const wrong = { env: { SMSKIT_SECRET_KEY: newKey() } };
    const { result } = await sendOtp(wrong);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^smskit: gateway 'otp': the secret [^\n]+ cannot be decrypted with the key from SMSKIT_SECRET_KEY[^\n]* \(SMSKIT_E_SECRET_DECRYPT\)\n$/,
    );
    expect(server.requests).toHaveLength(0);
    expect((await runWithStore(app, ["send", "open", "+15550100", "hi"], wrong)).code).toBe(0);
    expect((await sendOtp()).result.code).toBe(0);
  });

  it("rotation with the store's key file keeps the old key as .key.old and the new one in .key", async () => {
    await defineSecrets();
    const oldKey = await readFile(keyFile(), "utf8");
    const newKeyFile = join(app.directory, "keys", "..", "new.key");

    const rotated = await runWithStore(app, ["secrets", "rotate", "--new-key-file", newKeyFile]);
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toBe("");
    expect(rotated.stdout).toBe(
      [
        `Created the new key file ${join(app.directory, "new.key")} (mode 0600).`,
        "Re-encrypted the secrets of 2 gateways and 1 SMTP server with the new key.",
        `The key file ${keyFile()} now holds the new key; the old key is kept in ${keyFile()}.old (mode 0600) — delete it once no backup needs it.`,
        "",
      ].join("\n"),
    );
    const created = await readFile(join(app.directory, "new.key"), "utf8");
    expect(created.trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(rotated.stdout).not.toContain(created.trim());
    expect(rotated.stdout).not.toContain(oldKey.trim());
    expect(await readFile(keyFile(), "utf8")).toBe(created);
    expect(await readFile(`${keyFile()}.old`, "utf8")).toBe(oldKey);
    for (const path of [keyFile(), `${keyFile()}.old`, join(app.directory, "new.key")])
      expect(await mode(path)).toBe(0o600);
    expect((await readdir(app.directory)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    // A fresh run reads the new key from the key file: every secret decrypts.
    const { result, received } = await sendOtp();
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(received).toMatchObject({ password: "param-s3cret-1", options: { account: "option-s3cret-2" } });
    const exported = await runWithStore(app, ["export"]);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      smtpServers: { relay: { password: "smtp-s3cret-3" } },
    });
    // The secrets really were re-encrypted: the old key no longer opens them.
    const withOldKey = await sendOtp({ env: { SMSKIT_SECRET_KEY: oldKey.trim() } });
    expect(withOldKey.result.code).toBe(2);
    expect(withOldKey.result.stderr).toMatch(/gateway 'otp'.*SMSKIT_E_SECRET_DECRYPT/);

    // A second rotation from an existing key file: .key.old now holds the key of the first one.
    const third = newKey();
    await writeFile(join(app.directory, "third.key"), `${third}\n`, { mode: 0o600 });
    const again = await runWithStore(app, ["secrets", "rotate", "--new-key-file", "third.key"]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("Created the new key file");
    expect((await readFile(keyFile(), "utf8")).trim()).toBe(third);
    expect(await readFile(`${keyFile()}.old`, "utf8")).toBe(created);
    expect((await sendOtp()).received).toMatchObject({ password: "param-s3cret-1" });
  });

  it("rotation with SMSKIT_SECRET_KEY says the variable must now hold the new key, and never prints a key", async () => {
    const current = newKey();
    const next = newKey();
    const environment = { env: { SMSKIT_SECRET_KEY: current } };
    await defineSecrets(environment);
    await writeFile(join(app.directory, "next.key"), `${next}\n`, { mode: 0o600 });

    const rotated = await runWithStore(app, ["secrets", "rotate", "--new-key-file", "next.key"], environment);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(
      "Re-encrypted the secrets of 2 gateways and 1 SMTP server with the new key.",
    );
    expect(rotated.stdout).toContain(
      `SMSKIT_SECRET_KEY must now be set to the new key (the contents of ${join(app.directory, "next.key")})`,
    );
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(current);
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(next);
    expect(existsSync(keyFile())).toBe(false);

    const withNew = await sendOtp({ env: { SMSKIT_SECRET_KEY: next } });
    expect(withNew.result.code).toBe(0);
    expect(withNew.received).toMatchObject({ password: "param-s3cret-1" });
    const withOld = await sendOtp(environment);
    expect(withOld.result.code).toBe(2);
    expect(withOld.result.stderr).toMatch(
      /^smskit: gateway 'otp': .*SMSKIT_SECRET_KEY.*\(SMSKIT_E_SECRET_DECRYPT\)\n$/,
    );
  });

  it("rotation refuses the key in use and an invalid key file, and changes nothing", async () => {
    await defineSecrets();
    const before = await readFile(keyFile(), "utf8");
    const same = await runWithStore(app, ["secrets", "rotate", "--new-key-file", keyFile()]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/holds the key already in use.*\(SMSKIT_E_USAGE\)\n$/);

    await writeFile(join(app.directory, "bad.key"), "not a key\n");
    const invalid = await runWithStore(app, ["secrets", "rotate", "--new-key-file", "bad.key"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /^smskit: the key file .*bad\.key must hold 32 bytes in base64.*\(SMSKIT_E_SECRET_KEY\)\n$/,
    );

    expect(await readFile(keyFile(), "utf8")).toBe(before);
    expect(existsSync(`${keyFile()}.old`)).toBe(false);
    expect((await sendOtp()).received).toMatchObject({ password: "param-s3cret-1" });
  });

  it("rotation that cannot decrypt a stored secret changes nothing", async () => {
    await defineSecrets();
    const original = await readFile(keyFile(), "utf8");
    const wrong = `${newKey()}\n`;
    await writeFile(keyFile(), wrong, { mode: 0o600 });
    const failed = await runWithStore(app, ["secrets", "rotate", "--new-key-file", "new.key"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /cannot be decrypted with the key from the key file .*\(SMSKIT_E_SECRET_DECRYPT\)\n$/,
    );
    expect(failed.stdout).not.toContain("Re-encrypted");
    expect(await readFile(keyFile(), "utf8")).toBe(wrong);
    const left = await readdir(app.directory);
    expect(left.filter((name) => name.endsWith(".tmp") || name.endsWith(".old"))).toEqual([]);

    await writeFile(keyFile(), original);
    expect((await sendOtp()).received).toMatchObject({ password: "param-s3cret-1" });
  });
});
