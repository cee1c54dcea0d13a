import { spawn } from "node:child_process";

/** How a process ended and what it printed. */
export interface ProcessOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of `runProcess`. */
export interface RunProcessOptions {
  /** The working directory. */
  readonly cwd: string;
  /** The whole environment (default: PATH and HOME=cwd only, so nothing of the caller's leaks in). */
  readonly env?: Readonly<Record<string, string>>;
  /** Standard input (default: empty). */
  readonly stdin?: string;
}

/**
 * Run `command args` as its own process, as a user would run an executable, and resolve
 * with its exit code or signal and everything it wrote to standard output and error.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? { PATH: process.env.PATH ?? "", HOME: options.cwd },
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
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}
