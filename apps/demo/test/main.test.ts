import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownPackageJson } from "../src/server.js";

/** The built entry point, as `npm start` runs it. */
const mainScript = join(ownPackageJson, "..", "dist", "main.js");

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

interface MainProcess {
  readonly url: string;
  /** The admin token printed at a first start, else undefined. */
  readonly token: string | undefined;
  output(): string;
  exitCode(): number | null;
  /** Send the signal (if still running) and wait for the exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Start `node dist/main.js` in `directory` on 127.0.0.1 port 0 and wait for its banner. */
async function startMain(directory: string): Promise<MainProcess> {
  const environment: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: "0" };
  delete environment.SMSKIT_STORE;
  delete environment.SMSKIT_ADMIN_TOKEN;
  delete environment.SMSKIT_SECRET_KEY;
  const child = spawn(process.execPath, [mainScript], {
    cwd: directory,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // The banner ends with the "Lost it?" line (first start) or the "admin token:" line (later ones).
  await waitFor(
    child,
    () => /(Lost it\?|admin token:)[^\n]*\n/.test(output),
    () => output,
  );
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  if (url === undefined) throw new Error(`no URL in the output:\n${output}`);
  const token = /Admin token \(shown only this once[^\n]*\n\s*\n\s*(\S+)/.exec(output)?.[1];
  return {
    url,
    token,
    output: () => output,
    exitCode: () => child.exitCode,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitFor(child: ChildProcess, ready: () => boolean, output: () => string): Promise<void> {
  // Generous: CI runs every package's tests at once on two cores.
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`main.js exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`main.js did not start within 20 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function api(base: string, token: string | undefined, method: string, path: string, body?: unknown) {
  return fetch(new URL(path, base), {
    method,
    headers: {
      authorization: `Bearer ${token ?? ""}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
