import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppDirectory } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedApp } from "./support/linked-app.js";

const bin = fileURLToPath(new URL("../bin/smskit.js", import.meta.url));

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `bin/smskit.js` with `argv`. `stdout` is "pipe" (collected), "closed" (a pipe whose
 * reading end is closed before the command writes, as `| head -1` leaves it) or a file descriptor.
 */
function smskit(argv: readonly string[], cwd: string, stdout: "pipe" | "closed" | number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, SMSKIT_STORE: join(cwd, "store.db") },
      stdio: ["ignore", typeof stdout === "number" ? stdout : "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    if (stdout === "closed") child.stdout?.destroy();
    else
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
      });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

describe("the smskit executable's standard output", () => {
  let app: AppDirectory;
  let directory: string;
  beforeAll(async () => {
    app = await createLinkedApp(["http"]);
    directory = app.directory;
    for (const name of ["alpha", "beta", "gamma"]) {
      const saved = await smskit(
        [
          "gateway",
          "set",
          name,
          "--provider",
          "http",
          "--param",
          "URL=http://127.0.0.1:9/",
          "--param",
          "HTTP_METHOD=GET",
        ],
        directory,
        "pipe",
      );
      expect(saved).toMatchObject({ code: 0, stderr: "" });
    }
  }, 30_000);
  afterAll(async () => {
    await app.remove();
  });

  it("ends quietly when the reader has closed the pipe (smskit gateway list | head -1)", async () => {
    for (const argv of [
      ["gateway", "list"],
      ["export", "--censor"],
      ["providers", "--json"],
    ]) {
      const ended = await smskit(argv, directory, "closed");
      expect(ended.stderr, argv.join(" ")).toBe("");
      expect(ended.code, argv.join(" ")).toBe(0);
    }
  }, 30_000);

  it("prints one error line and exits non-zero when the output cannot be written (smskit export > /dev/full)", async () => {
    const error = "smskit: cannot write the output: no space left on the device (SMSKIT_E_OUTPUT)\n";
    const full = openSync("/dev/full", "w");
    try {
      const censored = await smskit(["export", "--censor"], directory, full);
      expect(censored.stderr).toBe(error);
      expect(censored.code).toBe(1);
      // Without --censor the export warns first that it holds the secrets in clear text.
      const plain = await smskit(["export"], directory, full);
      expect(plain.stderr).toBe(
        `smskit: warning: the export holds every secret in clear text; keep it like the key, or use --censor\n${error}`,
      );
      expect(plain.code).toBe(1);
    } finally {
      closeSync(full);
    }
  }, 30_000);

  it("still writes everything to a pipe that is read", async () => {
    const ended = await smskit(["gateway", "list"], directory, "pipe");
    expect(ended).toMatchObject({ code: 0, stderr: "" });
    expect(ended.stdout.split("\n").filter((line) => /^(alpha|beta|gamma)\b/.test(line))).toHaveLength(3);
  }, 30_000);
});
