import type { StatementSync } from "node:sqlite";
import type { MessageQuery, MessageRecord } from "../message-record.js";
import { ulidFloor } from "../ulid.js";
import type { MessageStore } from "./message-store.js";
import type { SqliteAccess } from "./sqlite-idempotency.js";
import { type MessageRows, type MessageWriter, rowsPerStatement } from "./sqlite-message-writer.js";

interface MessageRow {
  record: string;
}

/** From how many records on a batch goes to the worker thread. */
const workerBatch = 64;

/**
 * The message log in the SQLite file: a batch of writes is one transaction of multi-row
 * INSERTs — in a worker thread with its own connection when the store is a file, so that the
 * thread that sends only serializes the records. Ids are ULIDs, so time filters and pruning
 * are ranges of the primary key.
 */
export class SqliteMessages implements MessageStore {
  readonly #access: SqliteAccess;
  readonly #writer: MessageWriter | undefined;
  readonly #statements = new Map<string, StatementSync>();

  constructor(access: SqliteAccess, writer?: MessageWriter) {
    this.#access = access;
    this.#writer = writer;
  }

  async writeMessages(records: readonly MessageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows: MessageRows = { messages: [], parts: [] };
    for (const record of records) {
      rows.messages.push(record.id, record.gateway ?? null, record.status, JSON.stringify(record));
      if (record.gateway === undefined) continue;
      for (const providerId of record.messageIds) rows.parts.push(record.gateway, providerId, record.id);
    }
    // Small batches (a command-line send, a quiet server) are written in-thread: starting the worker
    // would cost more than it saves. Batches are written one after the other (the log waits for
    // each), so the two ways never reorder writes.
    if (this.#writer && records.length >= workerBatch) {
      await this.#writer.write(rows);
      return;
    }
    this.#access.transaction(() => {
      this.#insert("messages", "(id, gateway, status, record)", 4, rows.messages);
      this.#insert("message_parts", "(gateway, provider_id, message_id)", 3, rows.parts);
    });
  }

  /** Stop the writer (after the batches on their way). */
  async close(): Promise<void> {
    await this.#writer?.close();
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const row = this.#access.query(() =>
      this.#access.database.prepare("SELECT record FROM messages WHERE id = ?").get(id),
    ) as MessageRow | undefined;
    return row ? (JSON.parse(row.record) as MessageRecord) : undefined;
  }

  async findMessageByProviderId(gateway: string, providerId: string): Promise<MessageRecord | undefined> {
    const row = this.#access.query(() =>
      this.#access.database
        .prepare(
          `SELECT m.record FROM message_parts p JOIN messages m ON m.id = p.message_id
           WHERE p.gateway = ? AND p.provider_id = ?`,
        )
        .get(gateway, providerId),
    ) as MessageRow | undefined;
    return row ? (JSON.parse(row.record) as MessageRecord) : undefined;
  }

  async listMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (query.status !== undefined) {
      where.push("status = ?");
      values.push(query.status);
    }
    if (query.gateway !== undefined) {
      where.push("gateway = ?");
      values.push(query.gateway);
    }
    if (query.since !== undefined) {
      where.push("id >= ?");
      values.push(ulidFloor(query.since));
    }
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    values.push(query.limit ?? 100);
    const rows = this.#access.query(() =>
      this.#access.database
        .prepare(`SELECT record FROM messages ${filter} ORDER BY id DESC LIMIT ?`)
        .all(...values),
    ) as unknown as MessageRow[];
    return rows.map((row) => JSON.parse(row.record) as MessageRecord);
  }

  async pruneMessages(createdBefore: number): Promise<number> {
    const { database } = this.#access;
    const floor = ulidFloor(createdBefore);
    return this.#access.transaction(() => {
      database.prepare("DELETE FROM message_parts WHERE message_id < ?").run(floor);
      return Number(database.prepare("DELETE FROM messages WHERE id < ?").run(floor).changes);
    });
  }

  /** Upsert rows of `width` values each, `rowsPerStatement` rows per statement. */
  #insert(table: string, columns: string, width: number, values: readonly (string | null)[]): void {
    const rows = values.length / width;
    for (let start = 0; start < rows; start += rowsPerStatement) {
      const count = Math.min(rowsPerStatement, rows - start);
      const slice = values.slice(start * width, (start + count) * width);
      this.#statement(table, columns, width, count).run(...slice);
    }
  }

  #statement(table: string, columns: string, width: number, rows: number): StatementSync {
    const key = `${table}:${rows}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      const row = `(${Array.from({ length: width }, () => "?").join(", ")})`;
      statement = this.#access.database.prepare(
        `INSERT OR REPLACE INTO ${table} ${columns} VALUES ${Array.from({ length: rows }, () => row).join(", ")}`,
      );
      this.#statements.set(key, statement);
    }
    return statement;
  }
}
