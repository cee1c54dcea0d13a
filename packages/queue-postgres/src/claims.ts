import type { ClaimState } from "@smskit/core";
import type { Db } from "pg-boss";

/**
 * The claims table: one row per message a worker has claimed — `sending` from the claim until
 * its outcome is recorded, then `done`. Claiming is an INSERT that does nothing when the row
 * exists, so of any number of deliveries of one message exactly one can claim it.
 */
export class ClaimTable {
  readonly #db: Db;
  readonly #table: string;

  constructor(db: Db, schema: string) {
    this.#db = db;
    this.#table = `${quoteIdentifier(schema)}.smskit_claims`;
  }

  /** Create the table when it is not there. */
  async install(): Promise<void> {
    await this.#db.executeSql(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (
        id text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('sending', 'done')),
        attempt integer NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  }

  /** Claim each message (queued → sending), one state per entry; a message named twice is claimed once. */
  async claim(entries: readonly { id: string; attempt: number }[]): Promise<ClaimState[]> {
    const { rows } = await this.#db.executeSql(
      `WITH wanted AS (
         SELECT DISTINCT ON (id) id, attempt FROM unnest($1::text[], $2::integer[]) AS w(id, attempt)
       ), inserted AS (
         INSERT INTO ${this.#table} (id, state, attempt)
         SELECT id, 'sending', attempt FROM wanted
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       )
       SELECT w.id, CASE WHEN i.id IS NOT NULL THEN 'claimed' ELSE coalesce(c.state, 'sending') END AS state
       FROM wanted w
       LEFT JOIN inserted i ON i.id = w.id
       LEFT JOIN ${this.#table} c ON c.id = w.id`,
      [entries.map((entry) => entry.id), entries.map((entry) => entry.attempt)],
    );
    const states = new Map<string, ClaimState>();
    for (const row of rows as { id: string; state: ClaimState }[]) states.set(row.id, row.state);
    const seen = new Set<string>();
    return entries.map(({ id }) => {
      // A second delivery of a message in the same batch leaves it to the first.
      if (seen.has(id)) return "done";
      seen.add(id);
      return states.get(id) ?? "sending";
    });
  }

  /** Claim anew a message left `sending` by an earlier delivery; false when another got it first. */
  async reclaim(id: string, attempt: number): Promise<boolean> {
    const { rows } = await this.#db.executeSql(
      `UPDATE ${this.#table} SET attempt = $2, claimed_at = now()
       WHERE id = $1 AND state = 'sending' AND attempt < $2 RETURNING id`,
      [id, attempt],
    );
    return rows.length > 0;
  }

  /** Mark messages done: their outcome is recorded, no delivery may send them again. */
  async finish(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.executeSql(`UPDATE ${this.#table} SET state = 'done' WHERE id = ANY($1::text[])`, [ids]);
  }

  /** Give up claims after a retry-safe failure: the messages are queued again. */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.executeSql(`DELETE FROM ${this.#table} WHERE id = ANY($1::text[]) AND state = 'sending'`, [
      ids,
    ]);
  }

  /** Forget claims older than this many seconds (their jobs are long gone); resolves with how many went. */
  async prune(olderThanSeconds: number): Promise<number> {
    const { rows } = await this.#db.executeSql(
      `WITH gone AS (DELETE FROM ${this.#table} WHERE claimed_at < now() - $1 * interval '1 second' RETURNING 1)
       SELECT count(*)::integer AS count FROM gone`,
      [olderThanSeconds],
    );
    return (rows[0] as { count: number } | undefined)?.count ?? 0;
  }
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
