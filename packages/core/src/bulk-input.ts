import { ConfigurationError } from "./errors.js";

/** The formats of a bulk file: CSV with a header row, or JSON lines. */
export type BulkFormat = "csv" | "jsonl";

/** One record of a bulk file: a row to send, or a malformed one with the reason. */
export type BulkEntry =
  | { readonly row: number; readonly line: number; readonly to: string; readonly message: string }
  | { readonly row: number; readonly line: number; readonly malformed: string };

/** How `readBulkEntries` reads. */
export interface BulkInputOptions {
  /** The format; default: JSON lines when the first non-blank character is `{`, else CSV. */
  readonly format?: BulkFormat;
  /** The text for every row (`--message`): then the file needs only a `to` column or field. */
  readonly message?: string;
}

/** The longest record accepted, in characters: longer ones are malformed (and not kept in memory). */
const maximumRecordLength = 64 * 1024;

/**
 * Read a bulk file as it streams in (UTF-8 chunks; a byte-order mark is skipped): CSV (RFC 4180:
 * a header row naming the columns `to` and `message`, fields in double quotes may hold commas,
 * quotes written twice and line breaks) or JSON lines (`{"to": …, "message": …}` per line; blank
 * lines are skipped). Rows are numbered from 1 in file order, malformed ones included, so a row's
 * number stays the same from one run to the next; `line` is where the record starts. A malformed
 * record is yielded as such and reading goes on. A missing or unusable header throws a
 * `ConfigurationError` (`SMSKIT_E_USAGE`) before any row.
 */
export async function* readBulkEntries(
  chunks: AsyncIterable<string | Uint8Array>,
  options: BulkInputOptions = {},
): AsyncGenerator<BulkEntry> {
  const records = splitRecords(chunks, options.format);
  const first = await records.next();
  if (first.done === true) return;
  if (first.value.format === "jsonl") {
    yield jsonEntry(first.value, 1, options.message);
    let row = 1;
    for await (const record of records) yield jsonEntry(record, ++row, options.message);
    return;
  }
  const columns = headerColumns(first.value, options.message);
  let row = 0;
  for await (const record of records) yield csvEntry(record, ++row, columns, options.message);
}

/** One record as the splitter found it: its fields (CSV) or its text (JSON lines). */
interface RawRecord {
  readonly format: BulkFormat;
  readonly line: number;
  readonly fields: readonly string[];
  readonly text: string;
  /** Why the record cannot be used, found while splitting (too long, an unterminated quote). */
  readonly problem?: string;
}

interface Columns {
  readonly to: number;
  readonly message: number;
  readonly count: number;
}

function headerColumns(record: RawRecord, defaultMessage: string | undefined): Columns {
  if (record.problem !== undefined) throw usage(`the header row (line ${record.line}) ${record.problem}`);
  const names = record.fields.map((field) => field.trim().toLowerCase());
  const to = names.indexOf("to");
  const message = names.indexOf("message");
  if (to < 0) {
    throw usage(
      `the CSV header row (line ${record.line}) has no column 'to' (found: ${names.map((name) => JSON.stringify(name)).join(", ")}); the first row names the columns, e.g. to,message`,
    );
  }
  if (message < 0 && defaultMessage === undefined) {
    throw usage(
      `the CSV header row (line ${record.line}) has no column 'message'; add one or give --message TEXT`,
    );
  }
  return { to, message, count: names.length };
}

function csvEntry(
  record: RawRecord,
  row: number,
  columns: Columns,
  defaultMessage: string | undefined,
): BulkEntry {
  const line = record.line;
  if (record.problem !== undefined) return { row, line, malformed: record.problem };
  if (record.fields.length !== columns.count) {
    return {
      row,
      line,
      malformed: `has ${record.fields.length} ${record.fields.length === 1 ? "field" : "fields"}, the header ${columns.count}`,
    };
  }
  const to = (record.fields[columns.to] ?? "").trim();
  const message = columns.message < 0 ? defaultMessage : record.fields[columns.message];
  return checkedEntry(row, line, to, message === "" || message === undefined ? defaultMessage : message);
}

function jsonEntry(record: RawRecord, row: number, defaultMessage: string | undefined): BulkEntry {
  const line = record.line;
  if (record.problem !== undefined) return { row, line, malformed: record.problem };
  let value: unknown;
  try {
    value = JSON.parse(record.text);
  } catch {
    return { row, line, malformed: "is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { row, line, malformed: 'is not a JSON object like {"to": "+49…", "message": "…"}' };
  }
  const { to, message } = value as { to?: unknown; message?: unknown };
  if (typeof to !== "string") return { row, line, malformed: "has no string field 'to'" };
  if (message !== undefined && typeof message !== "string") {
    return { row, line, malformed: "has a field 'message' that is not a string" };
  }
  return checkedEntry(row, line, to.trim(), message ?? defaultMessage);
}

function checkedEntry(row: number, line: number, to: string, message: string | undefined): BulkEntry {
  if (to === "") return { row, line, malformed: "has an empty 'to'" };
  if (message === undefined || message === "") {
    return { row, line, malformed: "has no message (and no --message was given)" };
  }
  return { row, line, to, message };
}

/** Split the stream into records: CSV fields (quotes honoured) or JSON lines. */
async function* splitRecords(
  chunks: AsyncIterable<string | Uint8Array>,
  format: BulkFormat | undefined,
): AsyncGenerator<RawRecord> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: false });
  const splitter = new RecordSplitter(format);
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    yield* splitter.push(text);
  }
  yield* splitter.push(decoder.decode());
  yield* splitter.end();
}

/** A state machine over characters; holds at most one record in memory. */
class RecordSplitter {
  #format: BulkFormat | undefined;
  #line = 1;
  #recordLine = 1;
  #field = "";
  #fields: string[] = [];
  #quoted = false;
  /** Inside quotes, a quote was just seen: either the end of the quoted part or the first of `""`. */
  #quoteSeen = false;
  #length = 0;
  #tooLong = false;
  #started = false;
  #lastWasCarriageReturn = false;

  constructor(format: BulkFormat | undefined) {
    this.#format = format;
  }

  *push(text: string): Generator<RawRecord> {
    for (let index = 0; index < text.length; index++) {
      const character = text[index] as string;
      if (this.#format === undefined) {
        if (character === "\ufeff" || /\s/.test(character)) {
          if (character === "\n") this.#line++;
          this.#recordLine = this.#line;
          continue;
        }
        this.#format = character === "{" ? "jsonl" : "csv";
      }
      if (character === "\n" && this.#lastWasCarriageReturn && !this.#quoted) {
        this.#lastWasCarriageReturn = false;
        continue;
      }
      this.#lastWasCarriageReturn = false;
      const record = this.#format === "csv" ? this.#csvCharacter(character) : this.#jsonCharacter(character);
      if (record !== undefined) yield record;
    }
  }

  *end(): Generator<RawRecord> {
    if (this.#quoted && !this.#quoteSeen) {
      yield this.#take("has a quoted field that is never closed");
      return;
    }
    if (this.#started) yield this.#take();
  }

  #csvCharacter(character: string): RawRecord | undefined {
    if (this.#quoted) {
      if (this.#quoteSeen) {
        this.#quoteSeen = false;
        if (character === '"') return this.#add('"');
        this.#quoted = false;
        // fall through: the character after the closing quote is read as outside quotes
      } else if (character === '"') {
        this.#quoteSeen = true;
        return undefined;
      } else {
        if (character === "\n") this.#line++;
        return this.#add(character);
      }
    }
    if (character === "\n" || character === "\r") {
      this.#line++;
      this.#lastWasCarriageReturn = character === "\r";
      if (!this.#started) {
        this.#recordLine = this.#line;
        return undefined;
      }
      return this.#take();
    }
    this.#started = true;
    if (character === ",") {
      this.#fields.push(this.#field);
      this.#field = "";
      return undefined;
    }
    if (character === '"' && this.#field === "") {
      this.#quoted = true;
      this.#started = true;
      return undefined;
    }
    return this.#add(character);
  }

  #jsonCharacter(character: string): RawRecord | undefined {
    if (character === "\n" || character === "\r") {
      this.#line++;
      this.#lastWasCarriageReturn = character === "\r";
      if (!this.#started || this.#field.trim() === "") {
        this.#reset();
        return undefined;
      }
      return this.#take();
    }
    this.#started = true;
    return this.#add(character);
  }

  #add(character: string): undefined {
    this.#started = true;
    if (++this.#length > maximumRecordLength) this.#tooLong = true;
    else this.#field += character;
    return undefined;
  }

  #take(problem?: string): RawRecord {
    this.#fields.push(this.#field);
    const record: RawRecord = {
      format: this.#format ?? "csv",
      line: this.#recordLine,
      fields: this.#fields,
      text: this.#field,
      ...(this.#tooLong
        ? { problem: `is longer than ${maximumRecordLength} characters` }
        : problem
          ? { problem }
          : {}),
    };
    this.#reset();
    return record;
  }

  #reset(): void {
    this.#fields = [];
    this.#field = "";
    this.#length = 0;
    this.#tooLong = false;
    this.#started = false;
    this.#quoted = false;
    this.#quoteSeen = false;
    this.#recordLine = this.#line;
  }
}

function usage(message: string): ConfigurationError {
  return new ConfigurationError("SMSKIT_E_USAGE", `bulk file: ${message}`);
}
