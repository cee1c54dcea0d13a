import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ownPackageJson } from "../../src/server.js";

/** The built entry point, as `npm start` runs it. */
export const mainScript = join(ownPackageJson, "..", "dist", "main.js");

/** A running `node dist/main.js`. */
export interface MainProcess {
  readonly url: string;
  /** The admin token printed at a first start, else undefined. */
  readonly token: string | undefined;
  output(): string;
  exitCode(): number | null;
  /** Send the signal (if still running) and wait for the exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Start `node dist/main.js` in `directory` on 127.0.0.1 port 0 and wait for its banner; `SMSKIT_STORE`,
 * `SMSKIT_ADMIN_TOKEN` and `SMSKIT_SECRET_KEY` only as `env` gives them.
 */
export async function startMain(directory: string, env: NodeJS.ProcessEnv = {}): Promise<MainProcess> {
  const environment: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: "0" };
  delete environment.SMSKIT_STORE;
  delete environment.SMSKIT_ADMIN_TOKEN;
  delete environment.SMSKIT_SECRET_KEY;
  Object.assign(environment, env);
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

export function api(base: string, token: string | undefined, method: string, path: string, body?: unknown) {
  return fetch(new URL(path, base), {
    method,
    headers: {
      authorization: `Bearer ${token ?? ""}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
