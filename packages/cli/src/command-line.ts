import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { closestMatch } from "@smskit/core";
import {
  type CommandSpec,
  commandName,
  commands,
  commandsOf,
  findCommand,
  findCommandEntry,
  findGroup,
  type GroupSpec,
  globalOptions,
  groups,
  type OptionSpec,
  versionOption,
} from "./command-specs.js";
import type { Command } from "./commands/command-context.js";
import { usageError } from "./usage-error.js";

/** The values of every flag smskit knows; a command only gets those it accepts. */
export interface FlagValues {
  readonly store?: string | undefined;
  readonly app?: string | undefined;
  readonly "script-dir"?: string | undefined;
  readonly json?: boolean | undefined;
  readonly provider?: string | undefined;
  readonly description?: string | undefined;
  readonly preset?: string | undefined;
  readonly param?: readonly string[] | undefined;
  readonly option?: readonly string[] | undefined;
  readonly header?: readonly string[] | undefined;
  readonly "secret-option"?: readonly string[] | undefined;
  readonly "secret-header"?: readonly string[] | undefined;
  readonly "param-file"?: readonly string[] | undefined;
  readonly "option-file"?: readonly string[] | undefined;
  readonly "header-file"?: readonly string[] | undefined;
  readonly "secret-option-file"?: readonly string[] | undefined;
  readonly "secret-header-file"?: readonly string[] | undefined;
  readonly "password-file"?: string | undefined;
  readonly title?: string | undefined;
  readonly timeout?: string | undefined;
  readonly data?: readonly string[] | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly tls?: string | undefined;
  readonly "verify-tls"?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly sender?: string | undefined;
  readonly censor?: boolean | undefined;
  readonly "dry-run"?: boolean | undefined;
  readonly "new-key-file"?: string | undefined;
  readonly strategy?: string | undefined;
  readonly gateway?: readonly string[] | undefined;
  readonly prefix?: readonly string[] | undefined;
  readonly "on-unknown"?: string | undefined;
  readonly "rate-limit"?: string | undefined;
  readonly retries?: string | undefined;
  readonly breaker?: string | undefined;
  readonly "idempotency-key"?: string | undefined;
  readonly ttl?: string | undefined;
  readonly priority?: string | undefined;
  readonly message?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly journal?: string | undefined;
  readonly "resend-unknown"?: boolean | undefined;
  readonly "wait-receipt"?: string | undefined;
  readonly status?: string | undefined;
  readonly since?: string | undefined;
  readonly limit?: string | undefined;
}

/** What a command line asks for. */
export type Invocation =
  | { readonly kind: "version" }
  | {
      readonly kind: "help";
      readonly target: CommandSpec | GroupSpec | undefined;
      readonly flags: FlagValues;
    }
  | {
      readonly kind: "run";
      readonly command: CommandSpec;
      /** The command's handler, beside its specification. */
      readonly handler: Command;
      readonly arguments: readonly string[];
      readonly flags: FlagValues;
    };

const everyOption: readonly OptionSpec[] = uniqueOptions([
  ...globalOptions,
  versionOption,
  ...commands.flatMap((command) => command.options),
]);

const parseOptions: ParseArgsOptionsConfig = Object.fromEntries(
  everyOption.map((option) => [
    option.name,
    {
      type: option.value ? "string" : "boolean",
      ...(option.multiple ? { multiple: true } : {}),
      ...(option.short ? { short: option.short } : {}),
    },
  ]),
);

/**
 * Read a command line: which command, its arguments and flags. Global flags may stand
 * anywhere; `--help` wins over everything else. Throws a usage error (`SMSKIT_E_USAGE`)
 * naming what is wrong and how to fix it.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const loose = parseArgs({
    args: [...argv],
    options: parseOptions,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const words = loose.positionals;
  if (loose.values.help === true) {
    const provider = loose.values.provider;
    return helpFor(words, typeof provider === "string" ? { provider } : {});
  }

  const unknown = loose.tokens.find((token) => token.kind === "option" && !(token.name in parseOptions));
  if (unknown?.kind === "option") throw unknownOption(unknown.rawName, resolveTarget(words));

  const named = findCommand(words);
  if (named) checkAccepted(named, loose.tokens);

  const parsed = strictParse(argv);
  const flags = parsed.values as FlagValues & { version?: boolean; help?: boolean };
  const positionals = parsed.positionals;
  if (flags.version === true) return { kind: "version" };

  const [first, second] = positionals;
  if (first === undefined) {
    throw usageError("no command given; run 'smskit --help' to see the commands");
  }
  if (first === "help") return helpFor(positionals.slice(1), flags);
  const group = findGroup(first);
  if (group && second === undefined) {
    throw usageError(`'${commandName(group.path)}' needs a sub-command: ${subCommandList(group)}`);
  }
  const handler = findCommandEntry(positionals);
  if (!handler) throw unknownCommand(positionals);
  const command = handler.spec;

  checkAccepted(command, parsed.tokens);
  checkRequired(command, flags);

  const given = positionals.slice(command.path.length);
  const missing = command.arguments[given.length];
  if (missing) {
    throw usageError(
      `'${commandName(command.path)}' needs the argument <${missing.name}> (${missing.description}); usage: ${shortUsage(command)}`,
    );
  }
  if (given.length > command.arguments.length) {
    const extra = given[command.arguments.length] ?? "";
    throw usageError(
      `'${commandName(command.path)}' got an unexpected argument '${extra}'; usage: ${shortUsage(command)}${command.path[0] === "send" ? " (quote a message that has spaces)" : ""}`,
    );
  }
  return { kind: "run", command, handler, arguments: given, flags };
}

/** Refuse a flag that exists but that this command does not take. */
function checkAccepted(
  command: CommandSpec,
  tokens: readonly { kind: string; name?: string; rawName?: string }[],
) {
  const accepted = new Set([...globalOptions, ...command.options].map((option) => option.name));
  for (const token of tokens) {
    if (token.kind === "option" && token.name !== undefined && !accepted.has(token.name)) {
      throw usageError(
        `'${commandName(command.path)}' does not accept ${token.rawName}; run '${commandName(command.path)} --help' to see its flags`,
      );
    }
  }
}

/** Refuse a command line that leaves out a flag the command cannot run without. */
function checkRequired(command: CommandSpec, flags: FlagValues) {
  const values = flags as Readonly<Record<string, unknown>>;
  const missing = command.options.filter((option) => option.required && values[option.name] === undefined);
  if (missing.length === 0) return;
  const list = missing.map((option) => `--${option.name} ${option.value ?? ""}`.trimEnd()).join(", ");
  throw usageError(
    `'${commandName(command.path)}' needs ${list}; run '${commandName(command.path)} --help' to see its flags`,
  );
}

/** Help for the command or group the leading words name; none names the whole of smskit. */
function helpFor(words: readonly string[], flags: FlagValues): Invocation {
  const target = resolveTarget(words);
  if (!target && words.length > 0) throw unknownCommand(words);
  return { kind: "help", target, flags };
}

function unknownCommand(words: readonly string[]) {
  const [first = "", second = ""] = words;
  const group = findGroup(first);
  if (group) {
    const hint = closestMatch(
      second,
      commandsOf(group).map((item) => item.path[1] ?? ""),
    );
    return usageError(
      `unknown command '${commandName([first, second])}'${hint ? ` (did you mean '${commandName([first, hint])}'?)` : ""}; the sub-commands are ${subCommandList(group)}`,
    );
  }
  const names = [...commands.map((item) => item.path[0] ?? ""), "help"];
  const hint = closestMatch(first, names);
  return usageError(
    `unknown command '${first}'${hint ? ` (did you mean '${hint}'?)` : ""}; run 'smskit --help' to see the commands`,
  );
}

function strictParse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: parseOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw usageError(describeParseError(error as Error & { code?: string }));
  }
}

/** The command or group the leading words name, for `--help`. */
function resolveTarget(words: readonly string[]): CommandSpec | GroupSpec | undefined {
  const command = findCommand(words);
  if (command) return command;
  return groups.find((group) => group.path[0] === words[0]);
}

function unknownOption(rawName: string, target: CommandSpec | GroupSpec | undefined) {
  const accepted =
    target && "options" in target ? [...globalOptions, ...target.options] : [...globalOptions, versionOption];
  const hint = rawName.startsWith("--")
    ? closestMatch(
        rawName.slice(2),
        accepted.map((option) => option.name),
      )
    : undefined;
  const where = target && "options" in target ? `'${commandName(target.path)}'` : "smskit";
  const help = target ? `${commandName(target.path)} --help` : "smskit --help";
  const dashHint = rawName.startsWith("--") ? "" : "; an argument that starts with '-' goes after '--'";
  return usageError(
    `unknown flag ${rawName} for ${where}${hint ? ` (did you mean --${hint}?)` : ""}; run '${help}' to see the flags${dashHint}`,
  );
}

function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? "the flag";
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && /argument missing/.test(error.message)) {
    return `${option} needs a value, e.g. ${option} ${placeholder(option)}`;
  }
  if (
    error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" &&
    /does not take an argument/.test(error.message)
  ) {
    return `${option} is a switch and takes no value; write ${option} alone`;
  }
  if (/ambiguous/.test(error.message)) {
    return `${option} needs a value; to give a value that starts with '-', write ${option}=VALUE`;
  }
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return "unexpected argument; run 'smskit --help' to see the commands";
  }
  return error.message.split("\n")[0] ?? "the command line cannot be read";
}

function placeholder(option: string): string {
  const name = option.replace(/^-+/, "");
  return everyOption.find((item) => item.name === name || item.short === name)?.value ?? "VALUE";
}

function shortUsage(command: CommandSpec): string {
  return [commandName(command.path), ...command.arguments.map((item) => `<${item.name}>`)].join(" ");
}

function subCommandList(group: GroupSpec): string {
  return commandsOf(group)
    .map((command) => command.path[1] ?? "")
    .join(", ");
}

function uniqueOptions(options: readonly OptionSpec[]): OptionSpec[] {
  const byName = new Map<string, OptionSpec>();
  for (const option of options) if (!byName.has(option.name)) byName.set(option.name, option);
  return [...byName.values()];
}
