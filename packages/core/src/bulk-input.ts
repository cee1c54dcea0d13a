import { type ConfigurationError, coreErrors } from "./errors.js";

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
 * `ConfigurationError` (`SMSKIT_E_USAGE`) before any row. Only one chunk's records are held at a
 * time, and an entry `select` refuses is never handed out.
 */
export function readBulkEntries(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: BulkInputOptions & { readonly select?: (entry: BulkEntry) => boolean } = {},
): AsyncIterable<BulkEntry> {
  return { [Symbol.asyncIterator]: () => new BulkEntryReader(chunks, options) };
}

/** The iterator behind `readBulkEntries`: parses a chunk at a time and hands its entries out one by one. */
class BulkEntryReader implements AsyncIterator<BulkEntry> {
  readonly #chunks: AsyncIterator<string | Uint8Array> | Iterator<string | Uint8Array>;
  readonly #options: BulkInputOptions & { readonly select?: (entry: BulkEntry) => boolean };
  readonly #splitter: RecordSplitter;
  readonly #decoder = new TextDecoder("utf-8");
  #batch: BulkEntry[] = [];
  #position = 0;
  #columns: Columns | undefined;
  #row = 0;
  #ended = false;
  #reading: Promise<IteratorResult<BulkEntry>> | undefined;

  constructor(
    chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
    options: BulkInputOptions & { readonly select?: (entry: BulkEntry) => boolean },
  ) {
    this.#chunks =
      Symbol.asyncIterator in chunks
        ? (chunks as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
        : (chunks as Iterable<string | Uint8Array>)[Symbol.iterator]();
    this.#options = options;
    this.#splitter = new RecordSplitter(options.format);
  }

  next(): Promise<IteratorResult<BulkEntry>> {
    if (this.#position < this.#batch.length) {
      const value = this.#batch[this.#position++] as BulkEntry;
      return Promise.resolve({ done: false, value });
    }
    // Concurrent callers wait for the same read, then take their turn.
    this.#reading ??= this.#fill().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading.then(() => this.#afterFill());
  }

  async return(): Promise<IteratorResult<BulkEntry>> {
    this.#ended = true;
    this.#batch = [];
    await this.#chunks.return?.();
    return { done: true, value: undefined };
  }

  #afterFill(): Promise<IteratorResult<BulkEntry>> {
    if (this.#position < this.#batch.length || !this.#ended) return this.next();
    return Promise.resolve({ done: true, value: undefined });
  }

  async #fill(): Promise<IteratorResult<BulkEntry>> {
    try {
      await this.#read();
    } catch (error) {
      this.#ended = true;
      this.#batch = [];
      throw error;
    }
    return { done: true, value: undefined };
  }

  async #read(): Promise<void> {
    while (this.#position >= this.#batch.length && !this.#ended) {
      const chunk = await this.#chunks.next();
      let records: RawRecord[];
      if (chunk.done === true) {
        this.#ended = true;
        records = [...this.#splitter.push(this.#decoder.decode()), ...this.#splitter.end()];
      } else {
        const value = chunk.value;
        records = this.#splitter.push(
          typeof value === "string" ? value : this.#decoder.decode(value, { stream: true }),
        );
      }
      this.#batch = this.#entries(records);
      this.#position = 0;
    }
  }

  #entries(records: readonly RawRecord[]): BulkEntry[] {
    const entries: BulkEntry[] = [];
    const { message, select } = this.#options;
    for (const record of records) {
      let entry: BulkEntry;
      if (record.format === "jsonl") entry = jsonEntry(record, ++this.#row, message);
      else if (this.#columns === undefined) {
        this.#columns = headerColumns(record, message);
        continue;
      } else entry = csvEntry(record, ++this.#row, this.#columns, message);
      if (select === undefined || select(entry)) entries.push(entry);
    }
    return entries;
  }
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

/**
 * Splits text into records: CSV fields (quotes honoured) or JSON lines. Whole lines without a
 * quote go the fast way (one `split`); a line with quotes goes character by character. Holds at
 * most one unfinished record between chunks.
 */
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
  /** The start of a line whose end has not arrived yet. */
  #carry = "";

  constructor(format: BulkFormat | undefined) {
    this.#format = format;
  }

  push(chunk: string): RawRecord[] {
    const text = this.#carry === "" ? chunk : this.#carry + chunk;
    this.#carry = "";
    const records: RawRecord[] = [];
    let index = this.#format === undefined ? this.#detect(text) : 0;
    while (index < text.length) {
      if (!this.#started && !this.#quoted) {
        if (this.#lastWasCarriageReturn) {
          this.#lastWasCarriageReturn = false;
          if (text.charCodeAt(index) === 10) {
            index++;
            continue;
          }
        }
        const newline = text.indexOf("\n", index);
        if (newline < 0) {
          if (text.length - index <= maximumRecordLength) {
            this.#carry = text.slice(index);
            break;
          }
        } else {
          const end = newline > index && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
          const line = text.slice(index, end);
          if ((this.#format === "jsonl" || !line.includes('"')) && !line.includes("\r")) {
            if (line.trim() !== "") records.push(this.#wholeLine(line));
            this.#line++;
            this.#recordLine = this.#line;
            index = newline + 1;
            continue;
          }
        }
      }
      index = this.#slowStep(text, index, records);
    }
    return records;
  }

  end(): RawRecord[] {
    const records = this.#carry === "" ? [] : this.push("\n");
    if (this.#quoted && !this.#quoteSeen) records.push(this.#take("has a quoted field that is never closed"));
    else if (this.#started) records.push(this.#take());
    return records;
  }

  /** Skip a byte-order mark and blank space before the first record, and tell CSV from JSON lines. */
  #detect(text: string): number {
    for (let index = 0; index < text.length; index++) {
      const character = text[index] as string;
      if (character === "\ufeff" || /\s/.test(character)) {
        if (character === "\n") this.#line++;
        this.#recordLine = this.#line;
        continue;
      }
      this.#format = character === "{" ? "jsonl" : "csv";
      return index;
    }
    return text.length;
  }

  #wholeLine(line: string): RawRecord {
    const recordLine = this.#line;
    if (line.length > maximumRecordLength) {
      return {
        format: this.#format ?? "csv",
        line: recordLine,
        fields: [],
        text: "",
        problem: `is longer than ${maximumRecordLength} characters`,
      };
    }
    return {
      format: this.#format ?? "csv",
      line: recordLine,
      fields: this.#format === "jsonl" ? [] : line.split(","),
      text: line,
    };
  }

  /** Feed characters one by one until a record is complete or the text ends; returns where it stopped. */
  #slowStep(text: string, from: number, records: RawRecord[]): number {
    for (let index = from; index < text.length; index++) {
      const character = text[index] as string;
      if (character === "\n" && this.#lastWasCarriageReturn && !this.#quoted) {
        this.#lastWasCarriageReturn = false;
        continue;
      }
      this.#lastWasCarriageReturn = false;
      const record =
        this.#format === "jsonl" ? this.#jsonCharacter(character) : this.#csvCharacter(character);
      if (record !== undefined) {
        records.push(record);
        return index + 1;
      }
    }
    return text.length;
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
  return coreErrors.SMSKIT_E_USAGE.create({ problem: `bulk file: ${message}` });
}
