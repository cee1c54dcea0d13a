import { type SharedRateLimiter, TokenBucket } from "@smskit/core/stores";
import type { Database } from "./connection.js";

/** The database server's clock in milliseconds: every instance measures time by the same clock. */
const serverNow = "extract(epoch FROM clock_timestamp()) * 1000";

/**
 * Token buckets in one table, a row per gateway, shared by every process on the database. A
 * reservation is one UPDATE: it refills the row by the time passed (on the server's clock),
 * takes a token when the wait it implies fits `maxWaitMs`, and returns the balance it found.
 * The balance goes below zero as reservations queue up, so waiting sends of all instances
 * together are served at exactly the rate. While the database is unreachable each process falls
 * back to a bucket of its own at the full rate (sends go on; N instances may then exceed it).
 */
export class PostgresRateLimiter implements SharedRateLimiter {
  readonly #database: Database;
  readonly #table: string;
  readonly #fallback = new Map<string, TokenBucket>();

  constructor(database: Database, schema: string) {
    this.#database = database;
    this.#table = `${schema}.rate_limits`;
  }

  async reserve(gateway: string, rate: number, maxWaitMs: number): Promise<number | undefined> {
    try {
      return await this.#reserve(gateway, rate, maxWaitMs);
    } catch {
      let bucket = this.#fallback.get(gateway);
      if (bucket?.rate !== rate) {
        bucket = new TokenBucket(rate);
        this.#fallback.set(gateway, bucket);
      }
      return bucket.reserve(maxWaitMs);
    }
  }

  async #reserve(gateway: string, rate: number, maxWaitMs: number): Promise<number | undefined> {
    const balance = `LEAST($2::float8, tokens + (${serverNow} - updated_at) * $2::float8 / 1000)`;
    for (let attempt = 0; ; attempt++) {
      const taken = await this.#database.query<{ balance: number }>(
        `UPDATE ${this.#table} SET tokens = ${balance} - 1, updated_at = ${serverNow}
         WHERE gateway = $1 AND (${balance} >= 1 OR (1 - ${balance}) * 1000 / $2::float8 <= $3::float8)
         RETURNING tokens + 1 AS balance`,
        [gateway, rate, maxWaitMs],
      );
      const row = taken.rows[0];
      if (row !== undefined) return row.balance >= 1 ? 0 : ((1 - row.balance) * 1000) / rate;
      if (attempt > 0) return undefined;
      // No row updated: the wait is too long, or the gateway has no bucket yet — then create it
      // full, with this token taken. (A bucket another process just created: update it again.)
      const created = await this.#database.query(
        `INSERT INTO ${this.#table} (gateway, tokens, updated_at) VALUES ($1, $2::float8 - 1, ${serverNow})
         ON CONFLICT (gateway) DO NOTHING`,
        [gateway, rate],
      );
      if (created.rowCount === 1) return 0;
    }
  }
}
