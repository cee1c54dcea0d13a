import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import type { CliIo } from "./cli-io.js";
import { parseKeyValues } from "./key-value.js";
import { readStandardInput } from "./standard-input.js";
import { usageError } from "./usage-error.js";

/** The largest value file read, in bytes. */
export const valueFileMaximumBytes = 1024 * 1024;

/**
 * Reads values given as files (`--param-file NAME=PATH`, `--password-file PATH`) instead of in
 * argv, where `ps` shows them to every user. A file's text counts with one trailing newline
 * removed; PATH `-` is standard input, which one flag at most may read.
 */
export class ValueFiles {
  readonly #io: CliIo;
  #stdinUsedBy: string | undefined;

  constructor(io: CliIo) {
    this.#io = io;
  }

  /** `--<flag> NAME=PATH` entries as a map of NAME to the file's text. */
  async keyValues(flag: string, entries: readonly string[] | undefined): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    for (const [key, path] of Object.entries(parseKeyValues(flag, entries))) {
      result[key] = await this.read(`--${flag} ${key}`, path);
    }
    return result;
  }

  /** The text of one file (or standard input for `-`) named by a flag. */
  async read(flag: string, path: string): Promise<string> {
    if (path === "") throw usageError(`${flag} needs a file path (or '-' for standard input)`);
    if (path === "-") {
      if (this.#stdinUsedBy !== undefined) {
        throw usageError(
          `${flag} and ${this.#stdinUsedBy} both read standard input; give one of them a file instead`,
        );
      }
      this.#stdinUsedBy = flag;
      return withoutTrailingNewline(await readStandardInput(this.#io));
    }
    return withoutTrailingNewline(readValueFile(flag, resolve(this.#io.cwd, path)));
  }
}

function readValueFile(flag: string, path: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch (error) {
    throw usageError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) throw usageError(`${flag}: ${path} is not a regular file`);
    if (stat.size > valueFileMaximumBytes) {
      throw usageError(`${flag}: ${path} is larger than ${valueFileMaximumBytes} bytes`);
    }
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const count = readSync(descriptor, buffer, read, buffer.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(descriptor);
  }
}

function withoutTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}
