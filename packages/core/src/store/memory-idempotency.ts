import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from "./idempotency-store.js";

/** Idempotency keys in memory (one process). */
export class MemoryIdempotencyKeys implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    const held = await this.getIdempotencyRecord(claim.key, claim.now);
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
    const record = this.#records.get(key);
    if (record && record.expiresAt <= now) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }

  async completeIdempotencyKey(key: string, outcome: string): Promise<void> {
    const record = this.#records.get(key);
    if (record) this.#records.set(key, { ...record, state: "done", outcome });
  }

  async releaseIdempotencyKey(key: string): Promise<void> {
    this.#records.delete(key);
  }
}
