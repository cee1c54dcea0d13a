import { bulkCommand } from "./commands/bulk.js";
import type { Command } from "./commands/command-context.js";
import { gatewayCommands } from "./commands/gateway.js";
import { gatewaySetCommand } from "./commands/gateway-set.js";
import { inspectCommand } from "./commands/inspect.js";
import { messageCommands } from "./commands/messages.js";
import { providersCommand } from "./commands/providers.js";
import { queueCommands } from "./commands/queue.js";
import { routeCommands } from "./commands/route.js";
import { rotateSecretsCommand } from "./commands/secrets.js";
import { sendCommand } from "./commands/send.js";
import { smtpCommands } from "./commands/smtp.js";
import { exportCommand, importCommand } from "./commands/transfer.js";

/** One flag a command accepts. */
export interface OptionSpec {
  /** The long name, without the dashes: `--store` is `store`. */
  readonly name: string;
  /** The placeholder of its value in usage lines (`PATH`, `KEY=VALUE`); absent for a switch. */
  readonly value?: string;
  /** Whether the flag may be given more than once. */
  readonly multiple?: boolean;
  /** Whether the command cannot run without it. */
  readonly required?: boolean;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
  /** What it does, for `--help`. */
  readonly description: string;
}

/** One positional argument of a command. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

/** A command (`send`) or a sub-command (`gateway set`): what it accepts and how it is described. */
export interface CommandSpec {
  /** The words that select it: `["gateway", "set"]`. */
  readonly path: readonly string[];
  /** One line for command lists. */
  readonly summary: string;
  /** Further paragraphs for its `--help`. */
  readonly details?: readonly string[];
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
}

/** A word that only groups sub-commands (`gateway`). */
export interface GroupSpec {
  readonly path: readonly string[];
  readonly summary: string;
}

/** Flags every command accepts, anywhere on the line. */
export const globalOptions: readonly OptionSpec[] = [
  {
    name: "store",
    value: "PATH",
    description: "the gateway store file (default: $SMSKIT_STORE, else ./smskit.db in the current directory)",
  },
  {
    name: "app",
    value: "DIR",
    description:
      "the application whose installed providers smskit uses (default: $SMSKIT_APP, else the nearest directory with a package.json from the current directory upward)",
  },
  {
    name: "script-dir",
    value: "PATH",
    description: "the directory the script provider runs scripts from (default: $SMSKIT_SCRIPT_DIR)",
  },
  { name: "help", short: "h", description: "show this help and exit" },
];

/** `--version`, accepted on its own. */
export const versionOption: OptionSpec = {
  name: "version",
  description: "print the smskit version and exit",
};

/** The groups of sub-commands. */
export const groups: readonly GroupSpec[] = [
  { path: ["gateway"], summary: "define, list, show and delete gateways" },
  {
    path: ["smtp"],
    summary: "define, list, show and delete the central SMTP servers that smtp gateways send through",
  },
  { path: ["secrets"], summary: "manage the key that encrypts secrets at rest" },
  { path: ["route"], summary: "define, list, show and delete routes: failover and spreading over gateways" },
];

/** Every command smskit knows, in the order `smskit --help` lists them: each spec beside its handler. */
export const commandTable: readonly Command[] = [
  providersCommand,
  gatewaySetCommand,
  ...gatewayCommands,
  ...routeCommands,
  ...messageCommands,
  ...queueCommands,
  sendCommand,
  bulkCommand,
  inspectCommand,
  ...smtpCommands,
  exportCommand,
  importCommand,
  rotateSecretsCommand,
];

/** The specifications of every command, in the order `smskit --help` lists them. */
export const commands: readonly CommandSpec[] = commandTable.map((command) => command.spec);

/** The command (specification and handler) that `words` (the leading positionals) select exactly, if any. */
export function findCommandEntry(words: readonly string[]): Command | undefined {
  return commandTable.find(({ spec }) => spec.path.every((word, index) => words[index] === word));
}

/** The command that `words` (the leading positionals) select exactly, if any. */
export function findCommand(words: readonly string[]): CommandSpec | undefined {
  return findCommandEntry(words)?.spec;
}

/** The group that the first word names, if any. */
export function findGroup(word: string | undefined): GroupSpec | undefined {
  return groups.find((group) => group.path[0] === word);
}

/** The commands inside a group. */
export function commandsOf(group: GroupSpec): CommandSpec[] {
  return commands.filter((command) => command.path[0] === group.path[0]);
}

/** How a command is written: `smskit gateway set`. */
export function commandName(path: readonly string[]): string {
  return ["smskit", ...path].join(" ");
}
