import type { MessageQuery } from "@smskit/core";
import { type MessageRecord, type MessageStore, ulidFloor } from "@smskit/core/stores";
import type { Database } from "./connection.js";

interface MessageRow {
  record: string;
}

/**
 * The message log in PostgreSQL. A batch of writes is one transaction of two statements — every
 * record, then every part id, each passed as arrays and spread with `unnest` — however large the
 * batch. Records are kept as JSON text (no parsing on the server). Ids are ULIDs, so time filters
 * and pruning are ranges of the primary key.
 */
export class PostgresMessages implements MessageStore {
  readonly #database: Database;
  readonly #schema: string;

  constructor(database: Database, schema: string) {
    this.#database = database;
    this.#schema = schema;
  }

  async writeMessages(records: readonly MessageRecord[]): Promise<void> {
    if (records.length === 0) return;
    // An upsert may touch a row once per statement: of several writes of one message, the last wins.
    const latest = new Map<string, MessageRecord>();
    for (const record of records) latest.set(record.id, record);
    const ids: string[] = [];
    const gateways: (string | null)[] = [];
    const statuses: string[] = [];
    const texts: string[] = [];
    const parts = new Map<string, [string, string, string]>();
    for (const record of latest.values()) {
      ids.push(record.id);
      gateways.push(record.gateway ?? null);
      statuses.push(record.status);
      texts.push(JSON.stringify(record));
      if (record.gateway === undefined) continue;
      for (const providerId of record.messageIds) {
        parts.set(`${record.gateway}\u0000${providerId}`, [record.gateway, providerId, record.id]);
      }
    }
    await this.#database.transaction(async (client) => {
      await client.query(
        `INSERT INTO ${this.#schema}.messages (id, gateway, status, record)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (id) DO UPDATE SET gateway = excluded.gateway, status = excluded.status, record = excluded.record`,
        [ids, gateways, statuses, texts],
      );
      if (parts.size === 0) return;
      const columns: [string[], string[], string[]] = [[], [], []];
      for (const [gateway, providerId, id] of parts.values()) {
        columns[0].push(gateway);
        columns[1].push(providerId);
        columns[2].push(id);
      }
      await client.query(
        `INSERT INTO ${this.#schema}.message_parts (gateway, provider_id, message_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (gateway, provider_id) DO UPDATE SET message_id = excluded.message_id`,
        columns,
      );
    });
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const { rows } = await this.#database.query<MessageRow>(
      `SELECT record FROM ${this.#schema}.messages WHERE id = $1`,
      [id],
    );
    return rows[0] && (JSON.parse(rows[0].record) as MessageRecord);
  }

  async findMessageByProviderId(gateway: string, providerId: string): Promise<MessageRecord | undefined> {
    const { rows } = await this.#database.query<MessageRow>(
      `SELECT m.record FROM ${this.#schema}.message_parts p JOIN ${this.#schema}.messages m ON m.id = p.message_id
       WHERE p.gateway = $1 AND p.provider_id = $2`,
      [gateway, providerId],
    );
    return rows[0] && (JSON.parse(rows[0].record) as MessageRecord);
  }

  async listMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const where: string[] = [];
    const values: (string | number)[] = [];
    const add = (condition: string, value: string | number) => {
      values.push(value);
      where.push(`${condition} $${values.length}`);
    };
    if (query.status !== undefined) add("status =", query.status);
    if (query.gateway !== undefined) add("gateway =", query.gateway);
    if (query.since !== undefined) add("id >=", ulidFloor(query.since));
    values.push(query.limit ?? 100);
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const { rows } = await this.#database.query<MessageRow>(
      `SELECT record FROM ${this.#schema}.messages ${filter} ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => JSON.parse(row.record) as MessageRecord);
  }

  async pruneMessages(createdBefore: number): Promise<number> {
    const floor = ulidFloor(createdBefore);
    return this.#database.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.#schema}.message_parts WHERE message_id < $1`, [floor]);
      const deleted = await client.query(`DELETE FROM ${this.#schema}.messages WHERE id < $1`, [floor]);
      return deleted.rowCount ?? 0;
    });
  }
}
