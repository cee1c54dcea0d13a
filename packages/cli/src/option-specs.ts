import type { OptionSpec } from "./command-specs.js";

// Flags several commands share, built the same way everywhere.

/** `--json`: print `what` as JSON. */
export const jsonOption = (what: string): OptionSpec => ({
  name: "json",
  description: `print ${what} as JSON`,
});

/** `--NAME-file KEY=PATH`: like `--NAME`, the value read from a file. */
export const keyFile = (name: string, what: string): OptionSpec => ({
  name: `${name}-file`,
  value: "KEY=PATH",
  multiple: true,
  description: `like --${name}, the value read from the file PATH (one trailing newline removed; '-' reads standard input), so it does not show in the process list; ${what}`,
});

/** `--NAME KEY=VALUE`, repeatable. */
export const keyValue = (name: string, description: string): OptionSpec => ({
  name,
  value: "KEY=VALUE",
  multiple: true,
  description: `${description}; split at the first '='; repeat for more`,
});
