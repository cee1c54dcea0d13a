import type { TextSink } from "./cli-io.js";

/** Write a value as pretty-printed JSON followed by a newline. */
export function writeJson(sink: TextSink, value: unknown): void {
  sink.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Write rows as a table under upper-case headings, columns padded to their widest cell. */
export function writeTable(
  sink: TextSink,
  headings: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): void {
  const cells = [
    headings,
    ...rows.map((row) => row.map((cell) => oneLine(cell === undefined ? "-" : String(cell)))),
  ];
  const widths = headings.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  for (const row of cells) {
    const line = row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
    sink.write(`${line.trimEnd()}\n`);
  }
}

/** Write `label: value` lines with the values aligned. */
export function writeFields(sink: TextSink, fields: readonly (readonly [string, string])[]): void {
  const width = Math.max(...fields.map(([label]) => label.length + 1));
  for (const [label, value] of fields) {
    const line = `${`${label}:`.padEnd(width)} ${oneLine(value)}`;
    sink.write(`${line.trimEnd()}\n`);
  }
}

/** Write a key/value map as indented `KEY=VALUE` lines under a heading, or `(none)`. */
export function writeMap(sink: TextSink, heading: string, map: Readonly<Record<string, unknown>>): void {
  const entries = Object.entries(map);
  sink.write(`${heading}:${entries.length === 0 ? " (none)" : ""}\n`);
  for (const [key, value] of entries) {
    sink.write(`  ${key}=${oneLine(typeof value === "string" ? value : JSON.stringify(value))}\n`);
  }
}

/** Write an error or warning as the single line `smskit: <message> (<CODE>)`. */
export function writeErrorLine(sink: TextSink, message: string, code?: string): void {
  const flat = message.replace(/\s*\r?\n\s*/g, " ").trim();
  sink.write(`smskit: ${flat}${code ? ` (${code})` : ""}\n`);
}

/** A text with line breaks shown as `\n`, so that one record stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}
