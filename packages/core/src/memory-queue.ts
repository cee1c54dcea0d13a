import type { ClaimState, JobSettlement, MessageQueue, QueuedMessage, QueueJob } from "./message-queue.js";

interface MemoryJob {
  readonly message: QueuedMessage;
  attempt: number;
  /** Not before this time (ms since the epoch): a retry's backoff. */
  dueAt: number;
  taken: boolean;
}

/** Options of the memory queue. */
export interface MemoryQueueOptions {
  /** How often a retry-safe failure is tried again (default 2). */
  retries?: number;
  /** The wait before a retry, in milliseconds; doubled on each further retry (default 1000). */
  retryDelayMs?: number;
  now?: () => number;
}

/**
 * A queue in this process's memory: the same semantics as the durable one, nothing survives a
 * restart. For tests and for trying the queue out; use `@smskit/queue-postgres` in production.
 */
export class MemoryMessageQueue implements MessageQueue {
  readonly touchIntervalMs = 60_000;
  readonly #jobs: MemoryJob[] = [];
  readonly #claims = new Map<string, "sending" | "done">();
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #now: () => number;

  constructor(options: MemoryQueueOptions = {}) {
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** How many jobs are in the queue (waiting or taken). */
  get size(): number {
    return this.#jobs.length;
  }

  async put(messages: readonly QueuedMessage[]): Promise<void> {
    for (const message of messages) this.#jobs.push({ message, attempt: 0, dueAt: 0, taken: false });
    this.#jobs.sort((a, b) => (b.message.priority ?? 0) - (a.message.priority ?? 0));
  }

  async take(limit: number): Promise<QueueJob[]> {
    const now = this.#now();
    const taken: QueueJob[] = [];
    for (const job of this.#jobs) {
      if (taken.length >= limit) break;
      if (job.taken || job.dueAt > now) continue;
      job.taken = true;
      taken.push(this.#view(job));
    }
    return taken;
  }

  async claim(jobs: readonly QueueJob[]): Promise<ClaimState[]> {
    const seen = new Set<string>();
    return jobs.map(({ message }) => {
      // A second delivery of a message in the same batch leaves it to the first.
      if (seen.has(message.id)) return "done";
      seen.add(message.id);
      const state = this.#claims.get(message.id);
      if (state) return state;
      this.#claims.set(message.id, "sending");
      return "claimed";
    });
  }

  async reclaim(job: QueueJob): Promise<boolean> {
    return this.#claims.get(job.message.id) === "sending";
  }

  async settle(settlements: readonly JobSettlement[]): Promise<void> {
    for (const { job, outcome } of settlements) {
      const index = this.#jobs.findIndex(
        (entry) => entry.message === job.message && entry.attempt === job.attempt && entry.taken,
      );
      if (outcome === "done") {
        this.#claims.set(job.message.id, "done");
        if (index >= 0) this.#jobs.splice(index, 1);
        continue;
      }
      this.#claims.delete(job.message.id);
      const entry = this.#jobs[index];
      if (!entry) continue;
      entry.taken = false;
      entry.dueAt = this.#now() + this.#retryDelayMs * 2 ** entry.attempt;
      entry.attempt++;
    }
  }

  async touch(): Promise<void> {}

  /** Hand every taken, unsettled job out again, as a queue does when their worker died. */
  redeliver(): void {
    for (const job of this.#jobs) {
      if (!job.taken) continue;
      job.taken = false;
      job.attempt++;
    }
  }

  async close(): Promise<void> {}

  #view(job: MemoryJob): QueueJob {
    return { message: job.message, attempt: job.attempt, retriesLeft: job.attempt < this.#retries };
  }
}
