export { cliErrors } from "./cli-errors.js";
export type { CliIo, TextSink } from "./cli-io.js";
export {
  type ArgumentSpec,
  type CommandSpec,
  commands,
  environmentVariables,
  exitCodeMeanings,
  type GroupSpec,
  globalOptions,
  groups,
  type OptionSpec,
  versionOption,
} from "./reference.js";
export { cliVersion, exitCodes, runCli } from "./run-cli.js";
