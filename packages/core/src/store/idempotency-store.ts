/** What the store keeps for one idempotency key: never the message, only a hash of the request. */
export interface IdempotencyRecord {
  readonly key: string;
  /** A keyed hash of target, recipient and message: tells a repeat from a conflicting reuse. */
  readonly requestHash: string;
  /** `pending` while the first send runs, `done` once its outcome is stored. */
  readonly state: "pending" | "done";
  /** The outcome as JSON (a result, or an error whose delivery is unknown), once done. */
  readonly outcome: string | undefined;
  /** Milliseconds since the epoch after which the key may be used afresh. */
  readonly expiresAt: number;
}

/** A request to claim a key for a send. */
export interface IdempotencyClaim {
  readonly key: string;
  readonly requestHash: string;
  /** Now, in milliseconds since the epoch: records expired by then are dropped. */
  readonly now: number;
  readonly expiresAt: number;
}

/**
 * Where idempotency keys live. Claiming must be atomic across every process sharing the store:
 * of two claims of one key, exactly one succeeds.
 */
export interface IdempotencyStore {
  /** Claim the key (undefined: claimed, go ahead) or get the record of whoever holds it. */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined>;
  /** The unexpired record of a key. */
  getIdempotencyRecord(key: string, now: number): Promise<IdempotencyRecord | undefined>;
  /** Store the outcome of the claimed key's send. */
  completeIdempotencyKey(key: string, outcome: string): Promise<void>;
  /** Give the key up (the send definitely failed, so a repeat may try again). */
  releaseIdempotencyKey(key: string): Promise<void>;
}
