import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, mainScript, startMain } from "./support/main-process.js";

let workingDirectory: string;

beforeAll(async () => {
  if (!existsSync(mainScript)) throw new Error(`${mainScript} is missing: build the app first (tsc --build)`);
  workingDirectory = await mkdtemp(join(tmpdir(), "smskit-demo-main-"));
});

afterAll(async () => {
  await rm(workingDirectory, { recursive: true, force: true });
});

describe("node dist/main.js", () => {
  it("starts in any working directory with the store under ./data, prints the token once, and stops on SIGTERM after the running send", async () => {
    const first = await startMain(workingDirectory);
    let url: string;
    try {
      url = first.url;
      // The docs' address beside the UI's; /docs/ is served without the token.
      expect(first.output()).toContain(`docs: ${url}docs/`);
      expect((await fetch(new URL("/docs/", url))).status).not.toBe(401);
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const tokenFile = join(workingDirectory, "data", "smskit.db.admin-token");
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      expect(existsSync(join(workingDirectory, "data", "smskit.db"))).toBe(true);
      const unauthorized = await fetch(new URL("/api/gateways", url));
      expect(unauthorized.status).toBe(401);
      const gateways = await api(url, first.token, "GET", "/api/gateways");
      expect(gateways.status).toBe(200);
      expect(((await gateways.json()) as { name: string }[]).map((gateway) => gateway.name)).toEqual([
        "sandbox",
      ]);
    } finally {
      await first.stop("SIGTERM");
    }
    expect(first.exitCode()).toBe(0);

    // The second start keeps the token (prints none) and lets a running send finish on SIGTERM.
    const slow = await startHttpServer({ responder: { body: "OK", delayMs: 500 } });
    const second = await startMain(workingDirectory);
    try {
      expect(second.token).toBeUndefined();
      expect(second.output()).not.toContain(first.token);
      const saved = await api(second.url, first.token, "PUT", "/api/gateways/slow", {
        provider: "http",
        parameters: { URL: slow.url, HTTP_METHOD: "GET" },
      });
      expect(saved.status).toBe(200);
      const sending = api(second.url, first.token, "POST", "/api/gateways/slow/send", {
        to: "+4917612345678",
        message: "in flight",
      });
      await slow.waitForRequests(1);
      const stopped = second.stop("SIGTERM");
      const response = await sending;
      expect(response.status).toBe(200);
      await stopped;
      expect(second.exitCode()).toBe(0);
      expect(second.output()).toContain("SIGTERM: finishing running sends, then closing");
    } finally {
      await second.stop("SIGKILL");
      await slow.close();
    }
  }, 60_000);
});
