import { writeErrorLine } from "./output.js";
import { guardOutput } from "./output-guard.js";
import { exitCodes, runCli } from "./run-cli.js";

// Standard error has no one to report its own failures to: they end the process quietly.
process.stderr.on("error", () => {});
const stdout = guardOutput(process.stdout);

/** The `smskit` executable: run the process's command line and set its exit code. */
const code = await runCli(process.argv.slice(2), {
  stdout: stdout.sink,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
const failure = await stdout.finished();
if (failure) {
  writeErrorLine(
    process.stderr,
    `cannot write the output: ${failure.code === "ENOSPC" ? "no space left on the device" : failure.message}`,
    "SMSKIT_E_OUTPUT",
  );
}
process.exitCode = failure && code === exitCodes.success ? exitCodes.deliveryFailed : code;
