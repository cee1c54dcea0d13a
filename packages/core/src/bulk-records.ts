/** The formats of a bulk file: CSV with a header row, or JSON lines. */
export type BulkFormat = "csv" | "jsonl";

/** The longest record accepted, in characters: longer ones are malformed (and not kept in memory). */
export const maximumRecordLength = 64 * 1024;

/** One record as the splitter found it: its fields (CSV) or its text (JSON lines). */
export interface RawRecord {
  readonly format: BulkFormat;
  readonly line: number;
  readonly fields: readonly string[];
  readonly text: string;
  /** Why the record cannot be used, found while splitting (too long, an unterminated quote). */
  readonly problem?: string;
}

/**
 * Splits text into records: CSV fields (quotes honoured) or JSON lines. Whole lines go the fast
 * way (one `split`, or one pass over the quotes of a line whose quoted fields all close on it); a
 * record with a line break inside quotes or a lone carriage return goes character by character.
 * Holds at most one unfinished record between chunks.
 */
export class RecordSplitter {
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
          if (!line.includes("\r")) {
            // A quoted CSV line whose quotes all close on it is split in one pass too.
            const fields =
              this.#format === "jsonl" || !line.includes('"') ? undefined : splitQuotedLine(line);
            if (fields !== null) {
              if (line.trim() !== "") records.push(this.#wholeLine(line, fields));
              this.#line++;
              this.#recordLine = this.#line;
              index = newline + 1;
              continue;
            }
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

  #wholeLine(line: string, fields: string[] | undefined): RawRecord {
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
      fields: fields ?? (this.#format === "jsonl" ? [] : line.split(",")),
      text: this.#format === "jsonl" ? line : "",
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

/**
 * The fields of a CSV line with quotes, read as the character-by-character reader would (a quote
 * opens a quoted part only at the start of a field; `""` inside is a quote; what follows the
 * closing quote up to the next comma belongs to the field): null when a quoted part does not
 * close on this line (a field with a line break, or an unterminated quote).
 */
export function splitQuotedLine(line: string): string[] | null {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    let field = "";
    if (line.charCodeAt(index) === 34) {
      let from = index + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) return null;
        field += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) !== 34) {
          index = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
    }
    const comma = line.indexOf(",", index);
    const end = comma < 0 ? line.length : comma;
    field = field === "" ? line.slice(index, end) : field + line.slice(index, end);
    fields.push(field);
    if (comma < 0) return fields;
    index = comma + 1;
  }
}
