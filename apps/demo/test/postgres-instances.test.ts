import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type TestPostgres } from "@smskit/test-postgres";
import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type MainProcess, startMain } from "./support/main-process.js";

let server: TestPostgres;
let directory: string;
let sink: FakeHttpServer;
beforeAll(async () => {
  server = await startPostgres();
  directory = await mkdtemp(join(tmpdir(), "smskit-demo-postgres-"));
  sink = await startHttpServer({ responder: { body: { id: "sink-1" } } });
});
afterAll(async () => {
  await sink?.close();
  await rm(directory, { recursive: true, force: true });
  await server?.stop();
});

describe("two demo instances on two ports over one PostgreSQL database", () => {
  it("a gateway saved through one is used by a send through the other, and a change within a second", async () => {
    const url = await server.createDatabase();
    const token = randomBytes(32).toString("base64url");
    const env = {
      SMSKIT_STORE: url,
      SMSKIT_ADMIN_TOKEN: token,
      SMSKIT_SECRET_KEY: randomBytes(32).toString("base64"),
    };
    const instances: MainProcess[] = [];
    try {
      instances.push(await startMain(directory, env), await startMain(directory, env));
      const [first, second] = instances as [MainProcess, MainProcess];
      expect(first.url).not.toBe(second.url);
      // The banner names the database without its password.
      const password = new URL(url).password;
      expect(first.output()).toContain(`store: ${new URL(url).protocol}//`);
      expect(first.output()).not.toContain(password);
      const gateway = (path: string) => ({
        provider: "http",
        parameters: { URL: `${sink.url}${path}`, HTTP_METHOD: "POST", SEND_DATA_AS_JSON: true },
        options: { to: "{phone}", text: "{otp}" },
        headers: { "X-Api-Key": "key-that-stays-secret" },
      });
      expect((await api(first.url, token, "PUT", "/api/gateways/otp", gateway("/v1"))).status).toBe(200);
      const send = () =>
        api(second.url, token, "POST", "/api/gateways/otp/send", { to: "+4917612345678", message: "code 1" });
      expect((await send()).status).toBe(200);
      const [received] = await sink.waitForRequests(1);
      expect(received?.path).toBe("/v1");
      // The secret header, encrypted by the first instance, was decrypted by the second.
      expect(received?.headers["x-api-key"]).toBe("key-that-stays-secret");

      const listed = await api(second.url, token, "GET", "/api/gateways");
      expect(((await listed.json()) as { name: string }[]).map((entry) => entry.name)).toEqual(["otp"]);

      expect((await api(first.url, token, "PUT", "/api/gateways/otp", gateway("/v2"))).status).toBe(200);
      const changedAt = Date.now();
      let path: string | undefined;
      while (Date.now() - changedAt < 3000) {
        expect((await send()).status).toBe(200);
        path = (await sink.waitForRequests(sink.requests.length)).at(-1)?.path;
        if (path === "/v2") break;
      }
      expect(path).toBe("/v2");
      expect(Date.now() - changedAt).toBeLessThan(1000);
    } finally {
      for (const instance of instances) await instance.stop("SIGTERM");
    }
    for (const instance of instances) expect(instance.exitCode()).toBe(0);
  }, 60_000);
});
