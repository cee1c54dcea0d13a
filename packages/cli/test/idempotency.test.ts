import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type AppDirectory, type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGatewayFlags } from "./support/http-gateways.js";
import { createLinkedApp } from "./support/linked-app.js";
import { packageDirectory, smskit } from "./support/spawn-cli.js";

/** Idempotent sends from separate `smskit` processes sharing one SQLite store. */
describe("smskit send --idempotency-key (separate processes)", () => {
  let app: AppDirectory;
  let store: string;
  let sink: FakeHttpServer;
  const text = "Your code is 918273";
  beforeAll(async () => {
    expect(existsSync(join(packageDirectory, "dist", "main.js")), "build the CLI first: tsc --build").toBe(
      true,
    );
    app = await createLinkedApp(["http"]);
    store = join(app.directory, "gateways.db");
    let count = 0;
    // Slow enough that the second process starts while the first send is still in flight.
    sink = await startHttpServer({
      responder: () => {
        count++;
        return { body: `OK id-${count}`, delayMs: 1500 };
      },
    });
    const saved = await smskit(
      [
        "gateway",
        "set",
        "otp",
        "--provider",
        "http",
        ...httpGatewayFlags(`${sink.url}/send`),
        "--store",
        store,
      ],
      { cwd: app.directory },
    );
    expect(saved.stderr).toBe("");
  }, 30_000);
  afterAll(async () => {
    await sink.close();
    await app.remove();
  });

  const send = (key: string, message = text) =>
    smskit(["send", "otp", "+4915112345", message, "--idempotency-key", key, "--json", "--store", store], {
      cwd: app.directory,
    });

  it("two processes sending with one key at once: one send reaches the gateway, both print its result", async () => {
    const firstProcess = send("login-42");
    await sink.waitForRequests(1);
    const secondProcess = send("login-42");
    const [one, two] = await Promise.all([firstProcess, secondProcess]);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(sink.requests).toHaveLength(1);
    const first = JSON.parse(one.stdout) as Record<string, unknown>;
    const second = JSON.parse(two.stdout) as Record<string, unknown>;
    expect(first.replayed).toBeUndefined();
    expect(second).toMatchObject({ gateway: "otp", to: "+4915112345", replayed: true });
    expect(second.attempts).toEqual(first.attempts);

    const later = await send("login-42");
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout)).toMatchObject({ replayed: true });
    expect(sink.requests).toHaveLength(1);
  }, 30_000);

  it("the same key with another message exits 2 with SMSKIT_E_IDEMPOTENCY_CONFLICT and sends nothing", async () => {
    const before = sink.requests.length;
    const conflict = await send("login-42", "Your code is 000000");
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain("(SMSKIT_E_IDEMPOTENCY_CONFLICT)");
    expect(conflict.stderr).not.toContain("000000");
    expect(sink.requests).toHaveLength(before);
  }, 30_000);

  it("the store keeps the key and a hash, never the text", async () => {
    const files = [store, `${store}-wal`].filter((file) => existsSync(file));
    const bytes = Buffer.concat(await Promise.all(files.map((file) => readFile(file))));
    expect(bytes.includes(Buffer.from("login-42"))).toBe(true);
    expect(bytes.includes(Buffer.from("918273"))).toBe(false);
  });
});
