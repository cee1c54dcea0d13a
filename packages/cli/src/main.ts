import { runCli } from "./run-cli.js";

/** How an executable starts the command. */
export interface MainOptions {
  /** The package.json of a package bundling providers, used when the application lists none. */
  bundledPackageJson?: string;
}

/** Run the process's command line (`process.argv`) with its streams and set its exit code. */
export async function main(options: MainOptions = {}): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    bundledPackageJson: options.bundledPackageJson,
  });
}
