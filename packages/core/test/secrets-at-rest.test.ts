import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CENSORED, ConfigurationError, createSmskit, SqliteGatewayStore } from "../src/index.js";
import { newRecording, type Recording, recordingProvider } from "./fixtures/recording-provider.js";

const password = "pw-Very-Secret-4711";
const apiKey = "ak-Another-Secret-0815";
const flagged = "flagged-Secret-Value-42";
let directory: string;
let recording: Recording;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "smskit-secrets-"));
  recording = newRecording();
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function open(environment: NodeJS.ProcessEnv = {}) {
  const store = await SqliteGatewayStore.open(join(directory, "smskit.db"));
  return createSmskit({ store, providers: [recordingProvider(recording)], environment });
}

async function saveSecrets(smskit: Awaited<ReturnType<typeof open>>, name = "otp") {
  return smskit.saveGateway({
    name,
    provider: "recording",
    parameters: { URL: "https://sms.example.net", PASSWORD: password },
    options: { api_key: apiKey, sender: flagged, text: "{otp}" },
    secretOptions: ["sender"],
  });
}

/** Every byte of the store's files (database, WAL) as text. */
async function rawStore(): Promise<string> {
  const parts = await Promise.all(
    ["smskit.db", "smskit.db-wal"].map((file) =>
      readFile(join(directory, file)).catch(() => Buffer.alloc(0)),
    ),
  );
  return Buffer.concat(parts).toString("latin1");
}

describe("secrets at rest", () => {
  it("never writes a secret into the SQLite file, and still sends with it", async () => {
    const smskit = await open();
    await saveSecrets(smskit);
    await smskit.send("otp", "+49", "hello");
    expect(recording.sent[0]?.options.api_key).toBe(apiKey);
    expect(recording.sent[0]?.options.sender).toBe(flagged);
    const raw = await rawStore();
    expect(raw).toContain("https://sms.example.net");
    for (const secret of [password, apiKey, flagged]) expect(raw).not.toContain(secret);
    await smskit.close();
  });

  it("creates the key file beside the store with mode 0600 and reuses it", async () => {
    const first = await open();
    await saveSecrets(first);
    await first.close();
    const keyFile = join(directory, "smskit.db.key");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const second = await open();
    expect(second.secretKey).toEqual({ source: "file", file: keyFile });
    await expect(second.send("otp", "+49", "x")).resolves.toMatchObject({ gateway: "otp" });
    await second.close();
  });

  it("takes the key from SMSKIT_SECRET_KEY and refuses a malformed one", async () => {
    const key = randomBytes(32).toString("base64");
    const smskit = await open({ SMSKIT_SECRET_KEY: key });
    expect(smskit.secretKey.source).toBe("environment");
    await smskit.close();
    await expect(open({ SMSKIT_SECRET_KEY: "too-short" })).rejects.toMatchObject({
      code: "SMSKIT_E_SECRET_KEY",
    });
  });

  it("gives a clear error naming the gateway for a wrong key, and leaves other gateways alone", async () => {
    const writer = await open({ SMSKIT_SECRET_KEY: randomBytes(32).toString("base64") });
    await saveSecrets(writer);
    await writer.saveGateway({
      name: "plain",
      provider: "recording",
      parameters: { URL: "https://b.example" },
    });
    await writer.close();
    const reader = await open({ SMSKIT_SECRET_KEY: randomBytes(32).toString("base64") });
    const error = await reader.send("otp", "+49", "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_SECRET_DECRYPT", gateway: "otp" });
    expect((error as Error).message).toMatch(
      /^gateway 'otp': the secret PASSWORD cannot be decrypted with the key from SMSKIT_SECRET_KEY/,
    );
    await expect(reader.send("plain", "+49", "x")).resolves.toMatchObject({ gateway: "plain" });
    expect((await reader.listGateways()).map((gateway) => gateway.name)).toEqual(["otp", "plain"]);
    await reader.close();
  });

  it("detects a tampered value", async () => {
    const smskit = await open();
    await saveSecrets(smskit);
    await smskit.close();
    const { DatabaseSync } = createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");
    const database = new DatabaseSync(join(directory, "smskit.db"));
    const row = database.prepare("SELECT parameters FROM gateways WHERE name = 'otp'").get() as {
      parameters: string;
    };
    const parameters = JSON.parse(row.parameters) as { PASSWORD: string };
    const flipped = `${parameters.PASSWORD.slice(0, -4)}${parameters.PASSWORD.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    database
      .prepare("UPDATE gateways SET parameters = ? WHERE name = 'otp'")
      .run(JSON.stringify({ ...parameters, PASSWORD: flipped }));
    database.close();
    const reopened = await open();
    await expect(reopened.send("otp", "+49", "x")).rejects.toThrow(
      /wrong key, or the stored value was tampered with/,
    );
    await reopened.close();
  });

  it("does not let an encrypted value be moved to another gateway", async () => {
    const smskit = await open();
    await saveSecrets(smskit, "a");
    const raw = await smskit.store.getGateway("a");
    if (!raw) throw new Error("not saved");
    await smskit.store.putGateway({ ...raw, name: "b" });
    await expect(smskit.send("b", "+49", "x")).rejects.toMatchObject({
      code: "SMSKIT_E_SECRET_DECRYPT",
      gateway: "b",
    });
    await smskit.close();
  });

  it("rotates every secret to a new key in one go", async () => {
    const smskit = await open();
    await saveSecrets(smskit, "a");
    await saveSecrets(smskit, "b");
    await smskit.saveSmtpServer({ name: "mail", host: "127.0.0.1", sender: "otp@example.net", password });
    const before = await smskit.store.getGateway("a");
    const newKey = randomBytes(32);
    expect(await smskit.rotateSecretKey(newKey)).toEqual({ gateways: 2, smtpServers: 1 });
    const after = await smskit.store.getGateway("a");
    expect(after?.parameters.PASSWORD).not.toBe(before?.parameters.PASSWORD);
    await smskit.send("a", "+49", "x");
    expect(recording.sent.at(-1)?.options.api_key).toBe(apiKey);
    await smskit.close();
    const withNewKey = await open({ SMSKIT_SECRET_KEY: newKey.toString("base64") });
    expect((await withNewKey.exportDefinitions()).smtpServers.mail?.password).toBe(password);
    await withNewKey.close();
    const withOldKey = await open();
    await expect(withOldKey.exportDefinitions()).rejects.toMatchObject({ code: "SMSKIT_E_SECRET_DECRYPT" });
    await withOldKey.close();
  });

  it("shows __CENSORED__ and never the secret in reads of gateways and SMTP servers", async () => {
    const smskit = await open();
    const saved = await saveSecrets(smskit);
    await smskit.saveSmtpServer({ name: "mail", host: "127.0.0.1", sender: "otp@example.net", password });
    const views = [
      saved,
      await smskit.getGateway("otp"),
      await smskit.listGateways(),
      await smskit.listSmtpServers(),
    ];
    const text = JSON.stringify(views);
    for (const secret of [password, apiKey, flagged]) expect(text).not.toContain(secret);
    expect(saved.options.sender).toBe(CENSORED);
    expect((await smskit.getSmtpServer("mail"))?.password).toBe(CENSORED);
    const censored = JSON.stringify(await smskit.exportDefinitions({ censor: true }));
    for (const secret of [password, apiKey, flagged]) expect(censored).not.toContain(secret);
    await smskit.close();
  });
});
