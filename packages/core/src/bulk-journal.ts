import { closeSync, createReadStream, fdatasync, ftruncateSync, openSync, writeSync } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { coreErrors } from "./errors.js";

/** What the journal knows about a row. */
export type JournalState = "untried" | "started" | "sent" | "failed" | "refused" | "unknown";

/** One byte per row: the journal's memory is a compact array, not a set of row objects. */
const codes: Readonly<Record<string, number>> = { S: 1, s: 2, f: 3, x: 4, u: 5 };
const states: readonly JournalState[] = ["untried", "started", "sent", "failed", "refused", "unknown"];
const header = "smskit-bulk-journal 1";
/** How often written records are made durable (fdatasync), at most. */
const syncIntervalMs = 50;

/**
 * The crash-safe journal of a bulk send, an append-only file of one short line per event:
 * `<row>S` when a row is about to be sent, then `<row>s` sent, `<row>f` failed (retry-safe),
 * `<row>x` failed (not retry-safe) or `<row>u` unknown. A row's start is written to the file
 * before its send begins, so after `kill -9` a row in flight reads as `started` — unknown, never
 * sent twice by a re-run. Records are written in batches (one write per turn of the event loop, in its check phase)
 * and made durable by one fdatasync per batch interval (group commit), not one per row.
 * Re-opening reads the file into one byte per row.
 */
export class BulkJournal {
  readonly path: string;
  readonly #fd: number;
  #states: Uint8Array;
  #pending = "";
  #batch: Promise<void> | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;
  readonly #lock: string;
  /** Whether this run created the file. */
  readonly created: boolean;
  /** How many records this run wrote. */
  recorded = 0;

  private constructor(path: string, fd: number, states: Uint8Array, lock: string, created: boolean) {
    this.path = path;
    this.created = created;
    this.#fd = fd;
    this.#states = states;
    this.#lock = lock;
  }

  /**
   * Open (or create) the journal of `target` at `path`. Refuses a journal of another target, a
   * file that is not a journal, and a journal another running process holds.
   */
  static async open(path: string, target: string): Promise<BulkJournal> {
    const lock = `${path}.lock`;
    await takeLock(lock, path);
    try {
      const { states, validLength } = await readJournal(path, target);
      const fd = openSync(path, "a+");
      if (validLength === 0) writeSync(fd, `${header} ${JSON.stringify({ target })}\n`);
      else ftruncateSync(fd, validLength);
      return new BulkJournal(path, fd, states, lock, validLength === 0);
    } catch (error) {
      await rm(lock, { force: true });
      throw error;
    }
  }

  /** What the journal holds for a row (numbered from 1). */
  state(row: number): JournalState {
    return states[this.#states[row] ?? 0] ?? "untried";
  }

  /** Record that a row is about to be sent; resolves once the record is in the file. */
  started(row: number): Promise<void> {
    this.#record(row, "S");
    // One write for every row started in this turn of the event loop: the check phase comes after
    // all the I/O callbacks of the poll phase (every send that finished, every slot that freed up).
    this.#batch ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.#batch = undefined;
        try {
          this.#write();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#batch;
  }

  /** Record a row's outcome (written with the next batch, durable within the sync interval). */
  finished(row: number, outcome: "sent" | "failed" | "refused" | "unknown"): void {
    this.#record(
      row,
      outcome === "sent" ? "s" : outcome === "failed" ? "f" : outcome === "refused" ? "x" : "u",
    );
    if (this.#batch === undefined) this.#scheduleSync();
  }

  /** Write and fdatasync everything recorded, then close the file and release the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#syncTimer);
    this.#write();
    await this.#syncing;
    await new Promise<void>((resolve, reject) =>
      fdatasync(this.#fd, (error) => (error ? reject(error) : resolve())),
    );
    closeSync(this.#fd);
    await rm(this.#lock, { force: true });
  }

  /** Write what is pending and fdatasync it now, synchronously (for an exit that cannot wait). */
  flushNow(): void {
    if (this.#closed) return;
    this.#write();
  }

  #record(row: number, code: string): void {
    if (this.#closed) throw new Error("the bulk journal is closed");
    if (row >= this.#states.length) {
      const grown = new Uint8Array(Math.max(row + 1, this.#states.length * 2));
      grown.set(this.#states);
      this.#states = grown;
    }
    this.#states[row] = codes[code] ?? 0;
    this.recorded++;
    this.#pending += `${row}${code}\n`;
  }

  #write(): void {
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    writeSync(this.#fd, text);
    this.#dirty = true;
    this.#scheduleSync();
  }

  #scheduleSync(): void {
    if (this.#syncTimer !== undefined || this.#closed) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined;
      this.#write();
      if (!this.#dirty || this.#syncing) return this.#dirty ? this.#scheduleSync() : undefined;
      this.#dirty = false;
      this.#syncing = new Promise<void>((resolve) =>
        fdatasync(this.#fd, () => {
          this.#syncing = undefined;
          resolve();
        }),
      );
    }, syncIntervalMs);
  }
}

/** Read an existing journal into one byte per row; `validLength` is where its last whole line ends. */
async function readJournal(
  path: string,
  target: string,
): Promise<{ states: Uint8Array; validLength: number }> {
  let states = new Uint8Array(1024);
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { states, validLength: 0 };
    throw error;
  }
  await handle.close();
  let validLength = 0;
  let offset = 0;
  let rest = "";
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: "latin1", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end);
      if (first) {
        checkHeader(line, path, target);
        first = false;
      } else {
        const code = codes[line.charAt(line.length - 1)];
        const row = Number(line.slice(0, -1));
        if (code === undefined || !Number.isSafeInteger(row) || row < 1) {
          throw coreErrors.SMSKIT_E_USAGE.create({
            problem: `${path} is damaged near byte ${offset + start}`,
          });
        }
        if (row >= states.length) {
          const grown = new Uint8Array(Math.max(row + 1, states.length * 2));
          grown.set(states);
          states = grown;
        }
        states[row] = code;
      }
      validLength = offset + end + 1;
      start = end + 1;
    }
    offset += start;
    rest = text.slice(start);
  }
  if (first && rest !== "") checkHeader(rest, path, target);
  return { states, validLength };
}

function checkHeader(line: string, path: string, target: string): void {
  if (!line.startsWith(`${header} `)) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: `${path} is not a bulk journal of smskit; give another --journal`,
    });
  }
  let recorded: unknown;
  try {
    recorded = (JSON.parse(line.slice(header.length + 1)) as { target?: unknown }).target;
  } catch {
    recorded = undefined;
  }
  if (recorded !== target) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: `${path} is the journal of a bulk send through '${String(recorded)}', not '${target}'; give another --journal`,
    });
  }
}

/** Take `<journal>.lock` (created exclusively, holding our pid); a lock whose process is gone is taken over. */
async function takeLock(lock: string, journal: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number((await readText(lock)).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw coreErrors.SMSKIT_E_USAGE.create({
        problem: `${journal} is in use by process ${holder}; wait for it to end (or delete ${lock} if it is gone)`,
      });
    }
    await rm(lock, { force: true });
  }
  throw coreErrors.SMSKIT_E_USAGE.create({ problem: `cannot take the lock ${lock}` });
}

async function readText(path: string): Promise<string> {
  try {
    const handle = await open(path, "r");
    try {
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
