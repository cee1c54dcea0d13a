import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/index.js";
import type { FixtureApp } from "./fixture-app.js";

const cliPackageJson = fileURLToPath(new URL("../../package.json", import.meta.url));

/** What one in-process run of the command printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects what is written to it. */
class Collector {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** How a test runs the command. */
export interface RunOptions {
  /** Standard input. */
  stdin?: string | Buffer;
  /** The environment (default: empty). */
  env?: Record<string, string>;
  /** Use the CLI's own package.json — the real provider packages among its devDependencies — instead of the fixture's echo provider. */
  realProviders?: boolean;
}

/**
 * Run `smskit <argv>` in-process against the fixture application, with an empty
 * environment unless `env` is given, and `stdin` as standard input.
 */
export async function run(
  app: FixtureApp,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runCli(argv, {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    cwd: app.directory,
    packageJson: options.realProviders ? cliPackageJson : app.packageJson,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Run `smskit <argv> --store <the fixture's store>`. */
export function runWithStore(
  app: FixtureApp,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return run(app, [...argv, "--store", app.store], options);
}
