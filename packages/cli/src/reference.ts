/**
 * What the CLI documents about itself beyond its commands: exit codes and environment
 * variables. With the command specifications it is what the generated CLI reference shows.
 */
export {
  type ArgumentSpec,
  type CommandSpec,
  commands,
  type GroupSpec,
  globalOptions,
  groups,
  type OptionSpec,
  versionOption,
} from "./command-specs.js";

/** Every exit code of `smskit` and what it means. */
export const exitCodeMeanings: Readonly<Record<number, string>> = {
  0: "success",
  1: "delivery failed (or its outcome is unknown)",
  2: "usage or configuration error: nothing was sent or changed",
};

/** The environment variables `smskit` reads. */
export const environmentVariables: Readonly<Record<string, string>> = {
  SMSKIT_STORE: "the store file, or a postgres:// URL (like --store; default ./smskit.db)",
  SMSKIT_SECRET_KEY:
    "the key that encrypts secrets (default: the file <store>.key beside a store file; a PostgreSQL store needs it, the same on every instance)",
  SMSKIT_SCRIPT_DIR: "the directory the script provider runs scripts from (like --script-dir)",
  SMSKIT_APP: "the application directory whose installed providers smskit uses (like --app)",
};
