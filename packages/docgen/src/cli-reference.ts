import { cell, code, fence, generatedNote, page, prose, table } from "./markdown.js";

/** A flag, as the CLI's command specifications describe it. */
export interface CliOptionView {
  readonly name: string;
  readonly value?: string;
  readonly multiple?: boolean;
  readonly required?: boolean;
  readonly short?: string;
  readonly description: string;
}

/** A command (`send`) or sub-command (`gateway set`). */
export interface CliCommandView {
  readonly path: readonly string[];
  readonly summary: string;
  readonly details?: readonly string[];
  readonly arguments: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly CliOptionView[];
  readonly examples: readonly string[];
}

/** What `renderCliReference` is given: the CLI's own specifications. */
export interface CliReferenceInput {
  readonly program: string;
  readonly commands: readonly CliCommandView[];
  readonly groups: readonly { readonly path: readonly string[]; readonly summary: string }[];
  readonly globalOptions: readonly CliOptionView[];
  /** Exit codes and what each means, e.g. `{ 0: "success" }`. */
  readonly exitCodes: Readonly<Record<number, string>>;
  /** Environment variables and what each does. */
  readonly environment?: Readonly<Record<string, string>>;
}

function flag(option: CliOptionView): string {
  const short = option.short ? `-${option.short}, ` : "";
  return `${short}--${option.name}${option.value ? ` ${option.value}` : ""}`;
}

/** The default a flag states in its description ("(default 60, …)", "(default: …)"), if any. */
export function statedDefault(description: string): string {
  const match = /\(default:? ([^)]*)\)/.exec(description);
  return match?.[1]?.split(/[;,] /)[0]?.trim() ?? "";
}

function usage(program: string, command: CliCommandView): string {
  const words = [program, ...command.path, ...command.arguments.map((argument) => `<${argument.name}>`)];
  for (const option of command.options) {
    const text = `--${option.name}${option.value ? ` ${option.value}` : ""}`;
    words.push(option.required ? text : `[${text}]${option.multiple ? "..." : ""}`);
  }
  return words.join(" ");
}

function optionTable(options: readonly CliOptionView[]): string[] {
  return table(
    ["flag", "repeatable", "required", "default", "description"],
    options.map((option) => [
      code(flag(option)),
      option.multiple ? "yes" : "",
      option.required ? "yes" : "",
      cell(statedDefault(option.description)),
      cell(option.description),
    ]),
  );
}

/** The CLI reference page: every command with its arguments, flags, defaults, examples, and the exit codes. */
export function renderCliReference(input: CliReferenceInput): string {
  const { program } = input;
  const exitRows = Object.entries(input.exitCodes).map(([exit, meaning]) => [code(exit), cell(meaning)]);
  const lines = [
    generatedNote("the CLI's command specifications"),
    "",
    "# CLI reference",
    "",
    `Every command of \`${program}\`, from the specifications the CLI parses its arguments with and`,
    `prints its \`--help\` from. Run \`${program} <command> --help\` for the same text in the terminal.`,
    "",
    "## Commands",
    "",
    ...table(
      ["command", "what it does"],
      input.commands.map((command) => [
        `[${code(`${program} ${command.path.join(" ")}`)}](#${anchor([program, ...command.path])})`,
        cell(command.summary),
      ]),
    ),
    "",
    "## Exit codes",
    "",
    ...table(["exit code", "meaning"], exitRows),
    "",
    "## Global flags",
    "",
    "Accepted by every command, anywhere on the line.",
    "",
    ...optionTable(input.globalOptions),
    "",
  ];
  if (input.environment) {
    lines.push(
      "## Environment",
      "",
      ...table(
        ["variable", "what it does"],
        Object.entries(input.environment).map(([name, meaning]) => [code(name), cell(meaning)]),
      ),
      "",
    );
  }
  if (input.groups.length > 0) {
    lines.push(
      "## Command groups",
      "",
      ...table(
        ["group", "what its commands do"],
        input.groups.map((group) => [code(`${program} ${group.path.join(" ")}`), cell(group.summary)]),
      ),
      "",
    );
  }
  for (const command of input.commands) lines.push(...commandSection(program, command, exitRows));
  return page(lines);
}

/** The anchor of a command's section: its heading's words joined by dashes, as Markdown sites slug it. */
function anchor(path: readonly string[]): string {
  return path.join("-").toLowerCase();
}

function commandSection(program: string, command: CliCommandView, exitRows: string[][]): string[] {
  const lines = [
    `## ${program} ${command.path.join(" ")}`,
    "",
    prose(command.summary),
    "",
    ...fence("sh", usage(program, command)),
    "",
  ];
  for (const paragraph of command.details ?? []) lines.push(prose(paragraph), "");
  if (command.arguments.length > 0) {
    lines.push(
      "**Arguments**",
      "",
      ...table(
        ["argument", "description"],
        command.arguments.map((argument) => [code(`<${argument.name}>`), cell(argument.description)]),
      ),
      "",
    );
  }
  if (command.options.length > 0) lines.push("**Flags**", "", ...optionTable(command.options), "");
  lines.push(`**Exit codes:** ${exitRows.map(([exit, meaning]) => `${exit} ${meaning}`).join("; ")}.`, "");
  if (command.examples.length > 0)
    lines.push("**Examples**", "", ...fence("sh", command.examples.join("\n")), "");
  return lines;
}
