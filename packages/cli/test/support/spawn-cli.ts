import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ProcessOutcome, runProcess } from "@smskit/testkit";

/** The CLI package's directory. */
export const packageDirectory = fileURLToPath(new URL("../..", import.meta.url));
/** The built command. */
export const bin = join(packageDirectory, "bin", "smskit.js");

/** How a spawned command ended and what it printed. */
export type Outcome = ProcessOutcome;

/** Run `node [nodeArguments] bin/smskit.js argv` as its own process. */
export function smskit(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string>; stdin?: string; nodeArguments?: readonly string[] },
): Promise<Outcome> {
  return runProcess(process.execPath, [...(options.nodeArguments ?? []), bin, ...argv], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: options.cwd, ...options.env },
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
}
