import type { Logger } from "./logger.js";
import type { MessageRecord } from "./message-record.js";
import type { MessageStore } from "./store/message-store.js";

const hourMs = 60 * 60 * 1000;
/** A queue this long goes to the store without waiting for the timer. */
const maximumBatch = 1000;

/**
 * The records of the message log on their way to the store: queued, and written at most
 * `flushIntervalMs` later (or once 1000 wait) in one batch, batches one after the other. Records
 * older than the retention are pruned at most once an hour, after a batch.
 */
export class MessageLogWriter {
  readonly #store: MessageStore;
  readonly #retentionMs: number;
  readonly #flushIntervalMs: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  /** Records not yet written (a record changed twice may be in it twice: the write is an upsert). */
  #pending: MessageRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #prunedAt = Number.NEGATIVE_INFINITY;
  /** How many batches went to the store so far. */
  batches = 0;

  constructor(
    store: MessageStore,
    settings: { retentionMs: number; flushIntervalMs: number; logger: Logger; now: () => number },
  ) {
    this.#store = store;
    this.#retentionMs = settings.retentionMs;
    this.#flushIntervalMs = settings.flushIntervalMs;
    this.#logger = settings.logger;
    this.#now = settings.now;
  }

  /** Queue a record (new or changed) for the next batch. */
  add(record: MessageRecord): void {
    if (this.#pending.push(record) >= maximumBatch) {
      void this.flush();
      return;
    }
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.#flushIntervalMs);
      this.#timer.unref();
    }
  }

  /** The latest queued version of a record, if it is not written yet. */
  latest(id: string): MessageRecord | undefined {
    return this.#pending.findLast((record) => record.id === id);
  }

  /** A queued record with this gateway id. */
  withProviderId(gateway: string, providerId: string): MessageRecord | undefined {
    for (const record of this.#pending) {
      if (record.gateway === gateway && record.messageIds.includes(providerId)) return record;
    }
    return undefined;
  }

  /** Resolves once the batches on their way are written. */
  written(): Promise<void> {
    return this.#flushing;
  }

  /** Write every queued record now. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return this.#flushing;
    const batch = this.#pending;
    this.#pending = [];
    this.batches++;
    const previous = this.#flushing;
    this.#flushing = previous.then(() => this.#write(batch));
    return this.#flushing;
  }

  async #write(batch: MessageRecord[]): Promise<void> {
    try {
      await this.#store.writeMessages(batch);
    } catch (error) {
      this.#logger.warn("message log: writing records failed; they are dropped", {
        records: batch.length,
        error: (error as Error).message,
      });
    }
    const now = this.#now();
    if (now - this.#prunedAt >= hourMs) {
      this.#prunedAt = now;
      try {
        await this.#store.pruneMessages(now - this.#retentionMs);
      } catch (error) {
        this.#logger.warn("message log: pruning failed", { error: (error as Error).message });
      }
    }
  }
}
