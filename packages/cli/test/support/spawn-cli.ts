import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The CLI package's directory. */
export const packageDirectory = fileURLToPath(new URL("../..", import.meta.url));
/** The built command. */
export const bin = join(packageDirectory, "bin", "smskit.js");

/** How a spawned command ended and what it printed. */
export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `node [nodeArguments] bin/smskit.js argv` as its own process. */
export function smskit(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string>; stdin?: string; nodeArguments?: readonly string[] },
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArguments ?? []), bin, ...argv], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: options.cwd, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
