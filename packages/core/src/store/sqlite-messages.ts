import type { StatementSync } from "node:sqlite";
import type { MessageQuery, MessageRecord } from "../message-record.js";
import type { MessageStore } from "./message-store.js";
import type { SqliteAccess } from "./sqlite-idempotency.js";

interface MessageRow {
  record: string;
}

/** The message log in the SQLite file: a batch of writes is one transaction. */
export class SqliteMessages implements MessageStore {
  readonly #access: SqliteAccess;
  #upsert: StatementSync | undefined;
  #part: StatementSync | undefined;

  constructor(access: SqliteAccess) {
    this.#access = access;
  }

  async writeMessages(records: readonly MessageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { database } = this.#access;
    this.#upsert ??= database.prepare(
      `INSERT INTO messages (id, gateway, status, created_at, record) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET gateway = excluded.gateway, status = excluded.status, record = excluded.record`,
    );
    this.#part ??= database.prepare(
      "INSERT OR REPLACE INTO message_parts (gateway, provider_id, message_id, created_at) VALUES (?, ?, ?, ?)",
    );
    const upsert = this.#upsert;
    const part = this.#part;
    this.#access.transaction(() => {
      for (const record of records) {
        upsert.run(record.id, record.gateway ?? null, record.status, record.createdAt, JSON.stringify(record));
        if (record.gateway === undefined) continue;
        for (const providerId of record.messageIds) part.run(record.gateway, providerId, record.id, record.createdAt);
      }
    });
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
      where.push("created_at >= ?");
      values.push(query.since);
    }
    const sql = `SELECT record FROM messages ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    values.push(query.limit ?? 100);
    const rows = this.#access.query(() => this.#access.database.prepare(sql).all(...values)) as unknown as MessageRow[];
    return rows.map((row) => JSON.parse(row.record) as MessageRecord);
  }

  async pruneMessages(createdBefore: number): Promise<number> {
    const { database } = this.#access;
    return this.#access.transaction(() => {
      database.prepare("DELETE FROM message_parts WHERE created_at < ?").run(createdBefore);
      return Number(database.prepare("DELETE FROM messages WHERE created_at < ?").run(createdBefore).changes);
    });
  }
}
