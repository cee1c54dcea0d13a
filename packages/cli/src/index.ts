export type { CliIo, TextSink } from "./cli-io.js";
export { cliVersion, exitCodes, runCli } from "./run-cli.js";
