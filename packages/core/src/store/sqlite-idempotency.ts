import type { DatabaseSync } from "node:sqlite";
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "./idempotency-store.js";

interface IdempotencyRow {
  key: string;
  request_hash: string;
  state: "pending" | "done";
  outcome: string | null;
  expires_at: number;
}

/** How the SQLite store runs a statement: reads plainly, writes in an immediate transaction. */
export interface SqliteAccess {
  readonly database: DatabaseSync;
  query<T>(work: () => T): T;
  transaction<T>(work: () => T): T;
}

/** Idempotency keys in the SQLite file: a claim is one immediate transaction, so one process wins it. */
export class SqliteIdempotencyKeys implements IdempotencyStore {
  readonly #access: SqliteAccess;

  constructor(access: SqliteAccess) {
    this.#access = access;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    const { database } = this.#access;
    return this.#access.transaction(() => {
      database.prepare("DELETE FROM idempotency_keys WHERE expires_at <= ?").run(claim.now);
      const row = database.prepare("SELECT * FROM idempotency_keys WHERE key = ?").get(claim.key);
      if (row) return recordFromRow(row as unknown as IdempotencyRow);
      database
        .prepare(
          "INSERT INTO idempotency_keys (key, request_hash, state, outcome, expires_at) VALUES (?, ?, 'pending', NULL, ?)",
        )
        .run(claim.key, claim.requestHash, claim.expiresAt);
      return undefined;
    });
  }

  async getIdempotencyRecord(key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const row = this.#access.query(() =>
      this.#access.database
        .prepare("SELECT * FROM idempotency_keys WHERE key = ? AND expires_at > ?")
        .get(key, now),
    );
    return row ? recordFromRow(row as unknown as IdempotencyRow) : undefined;
  }

  async completeIdempotencyKey(key: string, outcome: string): Promise<void> {
    this.#access.transaction(() =>
      this.#access.database
        .prepare("UPDATE idempotency_keys SET state = 'done', outcome = ? WHERE key = ?")
        .run(outcome, key),
    );
  }

  async releaseIdempotencyKey(key: string): Promise<void> {
    this.#access.transaction(() =>
      this.#access.database.prepare("DELETE FROM idempotency_keys WHERE key = ?").run(key),
    );
  }
}

function recordFromRow(row: IdempotencyRow): IdempotencyRecord {
  return {
    key: row.key,
    requestHash: row.request_hash,
    state: row.state,
    outcome: row.outcome ?? undefined,
    expiresAt: row.expires_at,
  };
}
