import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@smskit/core";

/** A temporary directory holding test scripts (and what they write). */
export interface ScriptDirectory {
  /** The directory's path. */
  readonly path: string;
  /** Write a script (executable unless told otherwise) and return its path. */
  write(name: string, body: string, mode?: number): Promise<string>;
  /** The path of a file in the directory. */
  file(name: string): string;
  /** A file's bytes. */
  read(name: string): Promise<Buffer>;
  /** Remove the directory and everything in it. */
  remove(): Promise<void>;
}

/** Make a fresh temporary directory for scripts. */
export async function makeScriptDirectory(prefix = "smskit-script-"): Promise<ScriptDirectory> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(name, body, mode = 0o755) {
      const file = join(path, name);
      await writeFile(file, body);
      await chmod(file, mode);
      return file;
    },
    file: (name) => join(path, name),
    read: (name) => readFile(join(path, name)),
    remove: () => rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
  };
}

/** A `#!/bin/sh` script recording its argument count, first argument and standard input into `directory`. */
export function recorderScript(directory: string, prefix = "received"): string {
  const base = shellQuote(join(directory, prefix));
  return `#!/bin/sh
printf '%s' "$#" > ${base}.argc
printf '%s' "$1" > ${base}.arg
cat > ${base}.stdin.partial
mv ${base}.stdin.partial ${base}.stdin
printf 'x\\n' >> ${base}.count
`;
}

/** Quote a text for a POSIX shell script. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** How many lines a file has (0 when it does not exist). */
export function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "").length;
}

/** One line a capturing logger received. */
export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps every line. */
export function capturingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry["level"]) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      entries.push({ level, message, fields: fields ? { ...fields } : undefined });
    };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Poll until `test` holds (or throw after `timeoutMs`). */
export async function eventually<T>(test: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether a process is gone (no such process, or only a zombie left). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
