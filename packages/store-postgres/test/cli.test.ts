import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { runProcess } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresGatewayStore } from "../src/index.js";

const cliDirectory = fileURLToPath(new URL("../../cli", import.meta.url));
const bin = fileURLToPath(new URL("../../cli/bin/smskit.js", import.meta.url));
/** This package's folder: the application the command runs in, so the CLI finds the store here. */
const packageDirectory = fileURLToPath(new URL("..", import.meta.url));

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server.stop();
});

describe("smskit --store postgres://… with @smskit/store-postgres installed", () => {
  it("saves a gateway in the database that another process (and the store in code) then reads", async () => {
    const url = await server.createDatabase();
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: packageDirectory,
      SMSKIT_SECRET_KEY: randomBytes(32).toString("base64"),
    };
    // The CLI's own package.json lists the first-party providers (as dev dependencies).
    const smskit = (argv: string[], extra: Record<string, string> = {}) =>
      runProcess(process.execPath, [bin, "--app", cliDirectory, ...argv], {
        cwd: packageDirectory,
        env: { ...env, ...extra },
      });
    const saved = await smskit([
      "--store",
      url,
      "gateway",
      "set",
      "otp",
      "--provider",
      "http",
      "--param",
      "URL=https://sms.example.net/send",
      "--param",
      "HTTP_METHOD=POST",
      "--param",
      "PASSWORD=s3cret-value",
    ]);
    expect(saved.stderr).toBe("");
    expect(saved.code).toBe(0);
    const listed = await smskit(["gateway", "list", "--json"], { SMSKIT_STORE: url });
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain("s3cret-value");
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((gateway) => gateway.name)).toEqual(["otp"]);
    const store = await PostgresGatewayStore.open(url);
    try {
      const stored = await store.getGateway("otp");
      expect(stored?.revision).toBe(1);
      // Encrypted by the CLI before it reached the database.
      expect(String(stored?.parameters.PASSWORD)).not.toContain("s3cret-value");
    } finally {
      await store.close();
    }
  }, 30_000);
});
