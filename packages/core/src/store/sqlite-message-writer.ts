import { Worker } from "node:worker_threads";

/** Rows of the message log, flattened: `messages` 4 values a row, `parts` 3. */
export interface MessageRows {
  readonly messages: (string | null)[];
  readonly parts: string[];
}

/** How many rows one INSERT statement carries. */
export const rowsPerStatement = 32;

/**
 * The worker's SQL (the same as `SqliteMessages` runs in-thread for an in-memory database): upserts
 * of up to `rowsPerStatement` rows per statement, the whole batch one transaction.
 */
const writerSource = `
const statements = new Map();
function statement(database, table, columns, width, rows) {
  const key = table + ":" + rows;
  let prepared = statements.get(key);
  if (!prepared) {
    const row = "(" + Array.from({ length: width }, () => "?").join(", ") + ")";
    prepared = database.prepare("INSERT OR REPLACE INTO " + table + " " + columns + " VALUES " + Array.from({ length: rows }, () => row).join(", "));
    statements.set(key, prepared);
  }
  return prepared;
}
function insert(database, table, columns, width, values) {
  const rows = values.length / width;
  for (let start = 0; start < rows; start += ${rowsPerStatement}) {
    const count = Math.min(${rowsPerStatement}, rows - start);
    statement(database, table, columns, width, count).run(...values.slice(start * width, (start + count) * width));
  }
}
function writeRows(database, rows) {
  database.exec("BEGIN IMMEDIATE");
  try {
    insert(database, "messages", "(id, gateway, status, record)", 4, rows.messages);
    insert(database, "message_parts", "(gateway, provider_id, message_id)", 3, rows.parts);
    database.exec("COMMIT");
  } catch (error) {
    database.exec("ROLLBACK");
    throw error;
  }
}
`;

/** The worker: its own connection to the file, one transaction per batch, an answer per batch. */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => (String(warning).includes("SQLite") ? undefined : emitWarning.call(process, warning, ...rest));
const { DatabaseSync } = require("node:sqlite");
process.emitWarning = emitWarning;
${writerSource}
const database = new DatabaseSync(workerData.path);
database.exec("PRAGMA busy_timeout = " + workerData.busyTimeoutMs);
database.exec("PRAGMA synchronous = NORMAL");
parentPort.on("message", (message) => {
  if (message.close) {
    database.close();
    parentPort.close();
    return;
  }
  try {
    writeRows(database, message.rows);
    parentPort.postMessage({ sequence: message.sequence });
  } catch (error) {
    parentPort.postMessage({ sequence: message.sequence, error: String(error && error.message || error) });
  }
});
`;

/** Writes batches of the message log: in a worker thread with its own connection, so the send path's thread only serializes. */
export interface MessageWriter {
  write(rows: MessageRows): Promise<void>;
  close(): Promise<void>;
}

/** A writer in a worker thread for a store file; the thread starts with the first batch. */
export function workerWriter(path: string, busyTimeoutMs: number): MessageWriter {
  let thread: ReturnType<typeof startWorker> | undefined;
  return {
    write(rows) {
      thread ??= startWorker(path, busyTimeoutMs);
      return thread.write(rows);
    },
    async close() {
      await thread?.close();
    },
  };
}

function startWorker(path: string, busyTimeoutMs: number): MessageWriter {
  const worker = new Worker(workerSource, { eval: true, workerData: { path, busyTimeoutMs } });
  worker.unref();
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let sequence = 0;
  let exited = false;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on("message", (answer: { sequence: number; error?: string }) => {
    const entry = waiting.get(answer.sequence);
    waiting.delete(answer.sequence);
    if (waiting.size === 0) worker.unref();
    if (answer.error === undefined) entry?.resolve();
    else entry?.reject(new Error(answer.error));
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", () => {
    exited = true;
    failAll(new Error("the message log's writer stopped"));
  });
  return {
    write(rows) {
      if (exited) return Promise.reject(new Error("the message log's writer stopped"));
      const current = ++sequence;
      return new Promise((resolve, reject) => {
        waiting.set(current, { resolve, reject });
        // Keep the process alive while a batch is on its way: close() and flushes wait for it.
        worker.ref();
        worker.postMessage({ sequence: current, rows });
      });
    },
    async close() {
      if (exited) return;
      const stopped = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.ref();
      worker.postMessage({ close: true });
      await stopped;
    },
  };
}
