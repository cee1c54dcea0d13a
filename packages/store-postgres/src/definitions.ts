import { checkExpectedRevision, type PutOptions } from "@smskit/core/stores";
import type pg from "pg";
import type { Database, TransactionClient } from "./connection.js";

/** The three kinds of definitions, each a table of the same shape. */
export type DefinitionTable = "gateways" | "smtp_servers" | "routes";

/** How each kind is named in a conflict message. */
const kindNames: Record<DefinitionTable, string> = {
  gateways: "gateway",
  smtp_servers: "SMTP server",
  routes: "route",
};

interface DefinitionRow {
  definition: Record<string, unknown>;
  revision: string;
  updated_at: string;
}

/** A stored definition: the record, its revision and when it was saved. */
export type Stored<Record> = Record & { revision: number; updatedAt: string };

/**
 * Definitions kept as JSON beside their revision. Every write transaction first bumps the change
 * counter (one row: definition writes are serialized, so batches never deadlock) and announces the
 * new value with NOTIFY, delivered to every listening process when the transaction commits.
 */
export class DefinitionTables {
  readonly #database: Database;
  readonly #schema: string;
  readonly #channel: string;
  /** Told the counter value of every write this process committed. */
  readonly #committed: (counter: number) => void;

  constructor(database: Database, schema: string, channel: string, committed: (counter: number) => void) {
    this.#database = database;
    this.#schema = schema;
    this.#channel = channel;
    this.#committed = committed;
  }

  async get<Record>(table: DefinitionTable, name: string): Promise<Stored<Record> | undefined> {
    const { rows } = await this.#database.query<DefinitionRow>(
      `SELECT definition, revision, updated_at FROM ${this.#schema}.${table} WHERE name = $1`,
      [name],
    );
    return rows[0] && fromRow<Record>(rows[0]);
  }

  async list<Record>(table: DefinitionTable): Promise<Stored<Record>[]> {
    const { rows } = await this.#database.query<DefinitionRow>(
      `SELECT definition, revision, updated_at FROM ${this.#schema}.${table} ORDER BY name`,
    );
    return rows.map((row) => fromRow<Record>(row));
  }

  async put<Record extends { name: string }>(
    table: DefinitionTable,
    record: Record,
    options: PutOptions,
  ): Promise<Stored<Record>> {
    return this.write((client) => this.putIn(client, table, record, options));
  }

  async delete(table: DefinitionTable, name: string): Promise<boolean> {
    return this.write(async (client) => {
      const result = await client.query(`DELETE FROM ${this.#schema}.${table} WHERE name = $1`, [name]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  /** Run definition writes in one transaction that bumps and announces the change counter. */
  async write<T>(work: (client: TransactionClient) => Promise<T>): Promise<T> {
    let counter = 0;
    const result = await this.#database.transaction(async (client) => {
      const bumped = await client.query<{ counter: string }>(
        `UPDATE ${this.#schema}.changes SET counter = counter + 1 WHERE id = 1 RETURNING counter`,
      );
      counter = Number(bumped.rows[0]?.counter);
      const outcome = await work(client);
      await client.query("SELECT pg_notify($1, $2)", [this.#channel, String(counter)]);
      return outcome;
    });
    this.#committed(counter);
    return result;
  }

  /** Save a definition inside a write transaction, with the next revision of its name. */
  async putIn<Record extends { name: string }>(
    client: TransactionClient,
    table: DefinitionTable,
    record: Record,
    options: PutOptions,
  ): Promise<Stored<Record>> {
    const definition = JSON.stringify(record);
    // The revision row is locked until commit: saves of one name are serialized from here on.
    const reserved = await client.query<{ last_revision: string }>(
      `INSERT INTO ${this.#schema}.revisions AS r (kind, name, last_revision) VALUES ($1, $2, 1)
       ON CONFLICT (kind, name) DO UPDATE SET last_revision = r.last_revision + 1
       RETURNING last_revision`,
      [table, record.name],
    );
    const revision = Number(reserved.rows[0]?.last_revision);
    const current: pg.QueryResult<{ revision: string }> = await client.query(
      `SELECT revision FROM ${this.#schema}.${table} WHERE name = $1`,
      [record.name],
    );
    checkExpectedRevision(kindNames[table], record.name, Number(current.rows[0]?.revision ?? 0), options);
    const updatedAt = new Date().toISOString();
    await client.query(
      `INSERT INTO ${this.#schema}.${table} (name, definition, revision, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, revision = excluded.revision,
         updated_at = excluded.updated_at`,
      [record.name, definition, revision, updatedAt],
    );
    return { ...(JSON.parse(definition) as Record), revision, updatedAt };
  }
}

function fromRow<Record>(row: DefinitionRow): Stored<Record> {
  return { ...(row.definition as Record), revision: Number(row.revision), updatedAt: row.updated_at };
}
