import type { Logger } from "./logger.js";
import type { JobSettlement, MessageQueue } from "./message-queue.js";

/**
 * Settles the worker's finished jobs in batches, after their records: each batch first waits for
 * the message log to write every record queued so far (the outcome is durable before the job
 * goes), then settles the batch in one call to the queue. One batch at a time; jobs that finish
 * meanwhile wait for the next.
 */
export class QueueSettler {
  readonly #queue: MessageQueue;
  readonly #flushLog: () => Promise<void>;
  readonly #logger: Logger;
  #waiting: JobSettlement[] = [];
  #running: Promise<void> | undefined;

  constructor(queue: MessageQueue, flushLog: () => Promise<void>, logger: Logger) {
    this.#queue = queue;
    this.#flushLog = flushLog;
    this.#logger = logger;
  }

  /** How many jobs wait to be settled. */
  get size(): number {
    return this.#waiting.length;
  }

  /** The jobs that wait to be settled (the worker keeps touching them). */
  get waiting(): readonly JobSettlement[] {
    return this.#waiting;
  }

  /** Settle a job soon. */
  add(settlement: JobSettlement): void {
    this.#waiting.push(settlement);
    this.#running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
  }

  /** Resolves once every job added so far is settled. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.#flushLog();
        await this.#queue.settle(batch);
      } catch (error) {
        // The jobs stay with the queue: each comes back once its lease lapses and is then settled
        // by what its message's claim says — never sent again.
        this.#logger.warn("queue: settling jobs failed; they will be redelivered and not sent again", {
          jobs: batch.length,
          error: (error as Error).message,
        });
      }
    }
    this.#running = undefined;
  }
}
