import type { ProviderInfo } from "@smskit/core";
import {
  type CommandSpec,
  commandName,
  commands,
  commandsOf,
  type GroupSpec,
  globalOptions,
  groups,
  type OptionSpec,
  versionOption,
} from "./command-specs.js";

/** `smskit --help`: every command, the global flags, exit codes and environment. */
export function mainHelp(): string {
  const lines = [
    "smskit — send SMS and push notifications through centrally defined gateways",
    "",
    "Usage: smskit <command> [flags]",
    "",
    "Commands:",
    ...alignedRows(
      [
        ...commands.filter((command) => command.path.length === 1),
        ...groups.flatMap((group) => commandsOf(group)),
      ].map((command) => [command.path.join(" "), command.summary]),
    ),
    "",
    "Global flags (accepted anywhere on the line):",
    ...optionRows([...globalOptions, versionOption]),
    "",
    ...footer(),
    "",
    "Run 'smskit <command> --help' for a command's arguments and flags.",
  ];
  return `${lines.join("\n")}\n`;
}

/** `smskit gateway --help`: the sub-commands of a group. */
export function groupHelp(group: GroupSpec): string {
  const name = commandName(group.path);
  const lines = [
    `${name} — ${group.summary}`,
    "",
    `Usage: ${name} <command> [flags]`,
    "",
    "Commands:",
    ...alignedRows(commandsOf(group).map((command) => [command.path.join(" "), command.summary])),
    "",
    "Global flags:",
    ...optionRows(globalOptions),
    "",
    `Run '${name} <command> --help' for a command's arguments and flags.`,
  ];
  return `${lines.join("\n")}\n`;
}

/** A command's `--help`: usage, arguments, every flag, examples; with a provider, its parameters. */
export function commandHelp(command: CommandSpec, provider?: ProviderInfo): string {
  const lines = [`${commandName(command.path)} — ${command.summary}`, "", `Usage: ${usageLine(command)}`];
  for (const paragraph of command.details ?? []) lines.push("", ...wrap(paragraph, 100));
  if (command.arguments.length > 0) {
    lines.push(
      "",
      "Arguments:",
      ...alignedRows(command.arguments.map((item) => [`<${item.name}>`, item.description])),
    );
  }
  if (command.options.length > 0) lines.push("", "Flags:", ...optionRows(command.options));
  lines.push("", "Global flags:", ...optionRows(globalOptions));
  if (provider) lines.push("", ...providerHelp(provider));
  lines.push("", "Examples:", ...command.examples.map((example) => `  ${example}`));
  lines.push("", ...footer());
  return `${lines.join("\n")}\n`;
}

/** The usage line of a command: `smskit gateway show <name> [--json]`. */
export function usageLine(command: CommandSpec): string {
  const words = [commandName(command.path), ...command.arguments.map((item) => `<${item.name}>`)];
  for (const option of command.options) {
    const flag = `--${option.name}${option.value ? ` ${option.value}` : ""}`;
    words.push(option.required ? flag : `[${flag}]${option.multiple ? "..." : ""}`);
  }
  return words.join(" ");
}

/** What a provider takes: its parameters (type, required, secret), options, headers and presets. */
function providerHelp(provider: ProviderInfo): string[] {
  const required = new Set(provider.parameters.required ?? []);
  const rows = Object.entries(provider.parameters.properties).map(([name, property]) => {
    const schema = (typeof property === "object" && property !== null ? property : {}) as PropertyView;
    const facts = [
      describeType(schema),
      required.has(name) ? "required" : "",
      schema.writeOnly ? "secret" : "",
      schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : "",
    ].filter((fact) => fact !== "");
    return [name, `${schema.description ?? ""} (${facts.join(", ")})`];
  });
  const lines = [`Parameters of provider '${provider.id}' (${provider.displayName}):`, ...alignedRows(rows)];
  lines.push(
    "",
    `Options (--option): ${provider.optionsAllowed ? "accepted" : "not accepted"}; headers (--header): ${provider.headersAllowed ? "accepted" : "not accepted"}`,
  );
  if (provider.presets.length > 0) {
    lines.push(
      "",
      "Presets (--preset):",
      ...alignedRows(provider.presets.map((preset) => [preset.name, preset.description])),
    );
  }
  return lines;
}

/** The parts of a parameter's schema the help shows. */
interface PropertyView {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  format?: string;
  description?: string;
  writeOnly?: boolean;
  default?: unknown;
}

function describeType(schema: PropertyView): string {
  if (schema.enum) return `one of ${schema.enum.map(String).join(", ")}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type ?? "any");
  const word = type === "boolean" ? "yes/no" : type === "string" ? "text" : type;
  return schema.format ? `${word}, ${schema.format}` : word;
}

function footer(): string[] {
  return [
    "Exit codes: 0 success, 1 delivery failed, 2 usage or configuration error.",
    "Environment: SMSKIT_STORE (the store file, or a postgres:// URL), SMSKIT_SCRIPT_DIR (the script provider's",
    "  directory), SMSKIT_SECRET_KEY (the key that encrypts secrets; default: the file <store>.key beside a store",
    "  file; a PostgreSQL store needs it),",
    "  SMSKIT_APP (the application directory whose providers smskit uses, like --app).",
  ];
}

function optionRows(options: readonly OptionSpec[]): string[] {
  return alignedRows(
    options.map((option) => [
      `${option.short ? `-${option.short}, ` : ""}--${option.name}${option.value ? ` ${option.value}` : ""}`,
      option.description,
    ]),
  );
}

/** Two columns, the second aligned, indented by two spaces. */
function alignedRows(rows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...rows.map((row) => (row[0] ?? "").length));
  return rows.map(([left = "", right = ""]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
