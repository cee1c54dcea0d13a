import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "./idempotency-store.js";

/** Idempotency keys in memory (one process). */
export class MemoryIdempotencyKeys implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    // No await between the look-up and the claim: two claims of one key never both succeed.
    const held = this.#current(claim.key, claim.now);
    if (held) return held;
    this.#records.set(claim.key, {
      key: claim.key,
      requestHash: claim.requestHash,
      state: "pending",
      outcome: undefined,
      expiresAt: claim.expiresAt,
    });
    return undefined;
  }

  async getIdempotencyRecord(key: string, now: number): Promise<IdempotencyRecord | undefined> {
    return this.#current(key, now);
  }

  async completeIdempotencyKey(key: string, outcome: string): Promise<void> {
    const record = this.#records.get(key);
    if (record) this.#records.set(key, { ...record, state: "done", outcome });
  }

  async releaseIdempotencyKey(key: string): Promise<void> {
    this.#records.delete(key);
  }

  /** The unexpired record of a key; an expired one is dropped. */
  #current(key: string, now: number): IdempotencyRecord | undefined {
    const record = this.#records.get(key);
    if (record && record.expiresAt <= now) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }
}
