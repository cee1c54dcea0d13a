import { usageError } from "./usage-error.js";

/**
 * Read repeated `--flag KEY=VALUE` values into a map: each is split at its first '=', so
 * the value may itself contain '='. A later key replaces an earlier one.
 */
export function parseKeyValues(flag: string, entries: readonly string[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const separator = entry.indexOf("=");
    const key = separator < 0 ? "" : entry.slice(0, separator).trim();
    if (separator < 0 || key === "") {
      throw usageError(
        `--${flag} expects KEY=VALUE, got ${JSON.stringify(entry)}; write it as --${flag} NAME=VALUE (use NAME= for an empty value)`,
      );
    }
    map[key] = entry.slice(separator + 1);
  }
  return map;
}
