import { runCli } from "./run-cli.js";

/** The `smskit` executable: run the process's command line and set its exit code. */
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
