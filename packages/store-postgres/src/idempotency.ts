import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "@smskit/core/stores";
import type { Database } from "./connection.js";

interface IdempotencyRow {
  key: string;
  request_hash: string;
  state: "pending" | "done";
  outcome: string | null;
  expires_at: string;
}

/** How often (at most) a claim also deletes every expired key, in milliseconds. */
const sweepEveryMs = 60_000;

/**
 * Idempotency keys in PostgreSQL. A claim is an INSERT … ON CONFLICT DO NOTHING on the key's
 * primary key: of two claims of one key, from any processes, exactly one inserts the row.
 */
export class PostgresIdempotencyKeys implements IdempotencyStore {
  readonly #database: Database;
  readonly #table: string;
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(database: Database, schema: string) {
    this.#database = database;
    this.#table = `${schema}.idempotency_keys`;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    if (claim.now - this.#sweptAt >= sweepEveryMs) {
      this.#sweptAt = claim.now;
      await this.#database.query(`DELETE FROM ${this.#table} WHERE expires_at <= $1`, [claim.now]);
    }
    for (;;) {
      const claimed = await this.#database.query(
        `INSERT INTO ${this.#table} (key, request_hash, state, outcome, expires_at)
         VALUES ($1, $2, 'pending', NULL, $3) ON CONFLICT (key) DO NOTHING`,
        [claim.key, claim.requestHash, claim.expiresAt],
      );
      if (claimed.rowCount === 1) return undefined;
      const { rows } = await this.#database.query<IdempotencyRow>(
        `SELECT * FROM ${this.#table} WHERE key = $1`,
        [claim.key],
      );
      const held = rows[0];
      if (held !== undefined && Number(held.expires_at) > claim.now) return recordFromRow(held);
      // Expired (drop it and claim afresh), or given up by its holder since the insert: try again.
      if (held !== undefined) {
        await this.#database.query(`DELETE FROM ${this.#table} WHERE key = $1 AND expires_at <= $2`, [
          claim.key,
          claim.now,
        ]);
      }
    }
  }

  async getIdempotencyRecord(key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.#database.query<IdempotencyRow>(
      `SELECT * FROM ${this.#table} WHERE key = $1 AND expires_at > $2`,
      [key, now],
    );
    return rows[0] && recordFromRow(rows[0]);
  }

  async completeIdempotencyKey(key: string, outcome: string): Promise<void> {
    await this.#database.query(`UPDATE ${this.#table} SET state = 'done', outcome = $2 WHERE key = $1`, [
      key,
      outcome,
    ]);
  }

  async releaseIdempotencyKey(key: string): Promise<void> {
    await this.#database.query(`DELETE FROM ${this.#table} WHERE key = $1`, [key]);
  }
}

function recordFromRow(row: IdempotencyRow): IdempotencyRecord {
  return {
    key: row.key,
    requestHash: row.request_hash,
    state: row.state,
    outcome: row.outcome ?? undefined,
    expiresAt: Number(row.expires_at),
  };
}
