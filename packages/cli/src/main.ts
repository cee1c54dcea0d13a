import { cliErrors } from "./cli-errors.js";
import { writeErrorLine } from "./output.js";
import { guardOutput } from "./output-guard.js";
import { exitCodes, runCli } from "./run-cli.js";

/** How an executable starts the command. */
export interface MainOptions {
  /** The package.json of a package bundling providers, used when the application lists none. */
  bundledPackageJson?: string;
}

/**
 * Run the process's command line (`process.argv`) with its streams and set its exit code. A
 * reader that closed the pipe (EPIPE) ends the command quietly; any other failure to write the
 * output (ENOSPC) is one error line and exit code 1 — never a stack trace.
 */
export async function main(options: MainOptions = {}): Promise<void> {
  // Standard error has no one to report its own failures to: they end the process quietly.
  process.stderr.on("error", () => {});
  const stdout = guardOutput(process.stdout);
  const code = await runCli(process.argv.slice(2), {
    stdout: stdout.sink,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    bundledPackageJson: options.bundledPackageJson,
  });
  const failure = await stdout.finished();
  if (failure) {
    const output = cliErrors.SMSKIT_E_OUTPUT;
    writeErrorLine(
      process.stderr,
      output.format({ reason: failure.code === "ENOSPC" ? "no space left on the device" : failure.message }),
      output.code,
    );
  }
  process.exitCode = failure && code === exitCodes.success ? exitCodes.deliveryFailed : code;
}
