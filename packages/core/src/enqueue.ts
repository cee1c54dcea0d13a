import { coreErrors, type SmsError } from "./errors.js";
import type { MessageQueue, QueuedMessage } from "./message-queue.js";
import type { RecipientPolicy } from "./message-record.js";
import { queueRecord } from "./queue-records.js";
import type { MessageStore } from "./store/message-store.js";

/** Options of `smskit.enqueue`. */
export interface EnqueueOptions {
  /** Enqueue at most once per key: a repeat within the idempotency window gets the first message's id. */
  idempotencyKey?: string;
  /** Seconds the message is worth sending; after that it becomes `expired` unsent (default: no limit). */
  ttlSeconds?: number;
  /** Higher goes first (an integer, default 0). */
  priority?: number;
}

/** The longest TTL accepted: 30 days. */
const maximumTtlSeconds = 30 * 24 * 60 * 60;

/** Check the options of an enqueue; throws a `ConfigurationError` (nothing enqueued) when one is malformed. */
export function checkEnqueueOptions(options: EnqueueOptions): void {
  const { ttlSeconds, priority } = options;
  if (
    ttlSeconds !== undefined &&
    !(Number.isInteger(ttlSeconds) && ttlSeconds >= 1 && ttlSeconds <= maximumTtlSeconds)
  ) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: `ttlSeconds must be a whole number of seconds from 1 to ${maximumTtlSeconds}, got ${JSON.stringify(ttlSeconds)}`,
    });
  }
  if (priority !== undefined && !(Number.isInteger(priority) && Math.abs(priority) <= 1_000_000)) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: `priority must be a whole number from -1000000 to 1000000, got ${JSON.stringify(priority)}`,
    });
  }
}

interface Waiting {
  readonly message: QueuedMessage;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Puts messages in the queue in batches: the enqueues of one moment share one write of their
 * `queued` records to the message log and one insert into the queue. Each resolves once both are
 * durable. The record is written first, so a worker never takes a job whose message the log does
 * not know; a job that could not be inserted leaves its record `failed`.
 */
export class Enqueuer {
  readonly #queue: MessageQueue;
  readonly #messages: MessageStore | undefined;
  readonly #recipients: RecipientPolicy;
  readonly #now: () => number;
  #waiting: Waiting[] = [];
  #running = false;

  constructor(
    queue: MessageQueue,
    messages: MessageStore | undefined,
    recipients: RecipientPolicy,
    now: () => number,
  ) {
    this.#queue = queue;
    this.#messages = messages;
    this.#recipients = recipients;
    this.#now = now;
  }

  /** Enqueue one message; resolves once it is stored. */
  add(message: QueuedMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ message, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      await this.#write(batch);
    }
    this.#running = false;
  }

  async #write(batch: readonly Waiting[]): Promise<void> {
    const messages = batch.map((waiting) => waiting.message);
    try {
      await this.#messages?.writeMessages(
        messages.map((message) => queueRecord(message, this.#recipients, [])),
      );
    } catch (error) {
      for (const waiting of batch) waiting.reject(queueError("the message log", error));
      return;
    }
    try {
      await this.#queue.put(messages);
    } catch (error) {
      const at = this.#now();
      const failed = messages.map((message) =>
        queueRecord(message, this.#recipients, [{ status: "failed", at, errorCode: "SMSKIT_E_QUEUE" }]),
      );
      await this.#messages?.writeMessages(failed).catch(() => {});
      for (const waiting of batch) waiting.reject(queueError("the queue", error));
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }
}

function queueError(what: string, cause: unknown): SmsError {
  return coreErrors.SMSKIT_E_QUEUE.create({ what }, { cause });
}
