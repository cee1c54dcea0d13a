import { type BulkFormat, type RawRecord, RecordSplitter } from "./bulk-records.js";
import { type ConfigurationError, coreErrors } from "./errors.js";

export type { BulkFormat } from "./bulk-records.js";

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

function usage(message: string): ConfigurationError {
  return coreErrors.SMSKIT_E_USAGE.create({ problem: `bulk file: ${message}` });
}
