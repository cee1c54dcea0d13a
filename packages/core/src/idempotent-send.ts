import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type ConfigurationError,
  coreErrors,
  type ErrorCode,
  isSmsError,
  type SendAttempt,
  SmsError,
} from "./errors.js";
import type { IdempotencyStore } from "./store/idempotency-store.js";

/** What identifies a request: a repeat must match it exactly. Only its keyed hash is stored. */
export interface IdempotentRequest {
  readonly target: string;
  readonly to: string;
  readonly text: string;
  readonly title?: string | undefined;
  readonly data?: Readonly<Record<string, string>> | undefined;
}

/** What a stored outcome holds: the result, or the error of a send whose delivery is unknown. */
type StoredOutcome =
  | { readonly result: Record<string, unknown> }
  | {
      readonly error: {
        code: ErrorCode;
        message: string;
        gateway?: string | undefined;
        provider?: string | undefined;
        attempts: readonly SendAttempt[];
      };
    };

/** How often a repeat looks whether a send in another process has finished. */
const pollMs = 25;
/** The longest idempotency key accepted. */
const maximumKeyLength = 255;

/**
 * Idempotent sends: the first send with a key does the work; a repeat within the window gets the
 * first outcome without sending (also in another process sharing the store) and waits while the
 * first is in flight; the same key with another request is refused (`SMSKIT_E_IDEMPOTENCY_CONFLICT`).
 * A definite failure gives the key up, so a repeat may try again; an unknown outcome is kept, so a
 * repeat never risks a second message. The store keeps the key, a keyed hash and the outcome — never the text.
 */
export class IdempotentSends {
  readonly #store: IdempotencyStore;
  readonly #secretKey: Buffer | (() => Buffer);
  #hashKeyBytes: Buffer | undefined;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  /** `secretKey`, or a function giving it when first needed. */
  constructor(
    store: IdempotencyStore,
    secretKey: Buffer | (() => Buffer),
    windowMs: number,
    now: () => number,
  ) {
    this.#store = store;
    this.#secretKey = secretKey;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  get #hashKey(): Buffer {
    if (!this.#hashKeyBytes) {
      const key = typeof this.#secretKey === "function" ? this.#secretKey() : this.#secretKey;
      this.#hashKeyBytes = createHmac("sha256", key).update("smskit idempotency key hash v1").digest();
    }
    return this.#hashKeyBytes;
  }

  /** Run `send` once per key and request; repeats get its outcome. */
  async run<Result extends object>(
    key: string,
    request: IdempotentRequest,
    deadlineAt: number,
    send: () => Promise<Result>,
  ): Promise<Result & { replayed?: true }> {
    checkKey(key);
    const requestHash = this.#hash(request);
    for (;;) {
      const now = this.#now();
      const held = await this.#store.claimIdempotencyKey({
        key,
        requestHash,
        now,
        expiresAt: now + this.#windowMs,
      });
      if (!held) return this.#first(key, send);
      if (held.requestHash !== requestHash) throw conflict(key);
      if (held.state === "done" && held.outcome !== undefined) return replay<Result>(held.outcome);
      await this.#waitForOther(key, deadlineAt);
    }
  }

  async #first<Result extends object>(key: string, send: () => Promise<Result>): Promise<Result> {
    const running = send();
    this.#inFlight.set(
      key,
      running.catch(() => undefined),
    );
    try {
      const result = await running;
      const { details, ...kept } = result as Record<string, unknown>;
      await this.#store.completeIdempotencyKey(key, JSON.stringify({ result: kept }));
      return result;
    } catch (error) {
      if (isSmsError(error) && error.deliveryUnknown) {
        const stored = {
          code: error.code,
          message: error.message,
          gateway: error.gateway,
          provider: error.provider,
          attempts: error.attempts,
        };
        await this.#store.completeIdempotencyKey(key, JSON.stringify({ error: stored }));
      } else {
        await this.#store.releaseIdempotencyKey(key);
      }
      throw error;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** Wait until the first send with the key (here or in another process) has finished. */
  async #waitForOther(key: string, deadlineAt: number): Promise<void> {
    const local = this.#inFlight.get(key);
    if (local) {
      await local;
      return;
    }
    for (;;) {
      if (performance.now() + pollMs >= deadlineAt) {
        throw coreErrors.SMSKIT_E_IDEMPOTENCY_PENDING.create({ key: JSON.stringify(key) });
      }
      await sleep(pollMs);
      const record = await this.#store.getIdempotencyRecord(key, this.#now());
      if (!record || record.state === "done") return;
    }
  }

  #hash(request: IdempotentRequest): string {
    const canonical = JSON.stringify([
      request.target,
      request.to,
      request.text,
      request.title ?? null,
      request.data ?? null,
    ]);
    return createHmac("sha256", this.#hashKey).update(canonical).digest("base64url");
  }
}

function replay<Result>(outcome: string): Result & { replayed: true } {
  const stored = JSON.parse(outcome) as StoredOutcome;
  if ("result" in stored) return { ...(stored.result as Result), replayed: true };
  const failure = new SmsError(stored.error.code, stored.error.message, {
    gateway: stored.error.gateway,
    provider: stored.error.provider,
    retrySafe: false,
    deliveryUnknown: true,
    details: { replayed: true },
  });
  failure.attempts = stored.error.attempts;
  throw failure;
}

function checkKey(key: string): void {
  if (
    typeof key === "string" &&
    key.length > 0 &&
    key.length <= maximumKeyLength &&
    ![...key].some((character) => (character.codePointAt(0) ?? 0) < 0x20 || character === "\u007f")
  )
    return;
  throw coreErrors.SMSKIT_E_USAGE.create({
    problem: `an idempotency key must be 1 to ${maximumKeyLength} characters without control characters`,
  });
}

function conflict(key: string): ConfigurationError {
  return coreErrors.SMSKIT_E_IDEMPOTENCY_CONFLICT.create({ key: JSON.stringify(key) });
}
