import { checkEnqueueOptions, type EnqueueOptions, Enqueuer } from "./enqueue.js";
import { type ConfigurationError, coreErrors, type SmsError } from "./errors.js";
import type { IdempotentSends } from "./idempotent-send.js";
import type { Logger } from "./logger.js";
import type { MessageLog } from "./message-log.js";
import type { MessageQueue, QueuedMessage } from "./message-queue.js";
import type { RecipientPolicy } from "./message-record.js";
import { QueueWorker, type WorkerContext, type WorkerOptions } from "./queue-worker.js";
import type { MessageStore } from "./store/message-store.js";

export type { EnqueueOptions } from "./enqueue.js";
export type { QueueWorker, WorkerOptions } from "./queue-worker.js";

/** What the queue needs from the application that owns it. */
export interface QueueHost {
  /** The application's queue; without one, `enqueue` and `work` refuse with `SMSKIT_E_QUEUE_UNAVAILABLE`. */
  readonly queue: MessageQueue | undefined;
  readonly log: MessageLog;
  readonly messages: MessageStore | undefined;
  readonly idempotency: IdempotentSends;
  readonly recipients: RecipientPolicy;
  readonly logger: Logger;
  readonly now: () => number;
  /** Throws (a `ConfigurationError`) when the target is neither a gateway nor a route. */
  assertTarget(target: string): Promise<void>;
  /** Whether the target is a route that says `onUnknown: continue`. */
  resendsUnknown(target: string): Promise<boolean>;
  /** Send without logging or idempotency (the queue does both). */
  send: WorkerContext["send"];
}

/** The message to enqueue: a text, or for push a body with a title and data. */
export interface QueueMessageInput {
  text: string;
  title?: string;
  data?: Record<string, string>;
}

/** `smskit.enqueue` and `smskit.work`: the queue an application was created with (if any). */
export class QueueBinding {
  readonly #host: QueueHost;
  readonly #enqueuer: Enqueuer | undefined;
  readonly #workers = new Set<QueueWorker>();
  #closed = false;

  constructor(host: QueueHost) {
    this.#host = host;
    this.#enqueuer =
      host.queue &&
      new Enqueuer(host.queue, host.log.enabled ? host.messages : undefined, host.recipients, host.now);
  }

  /** Enqueue one message; resolves with its id once it is stored (`queued` in the log). */
  async enqueue(
    target: string,
    to: string,
    message: string | QueueMessageInput,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (this.#closed) throw closedError();
    const enqueuer = this.#enqueuer;
    if (!enqueuer) throw noQueueError();
    const input = typeof message === "string" ? { text: message } : message;
    checkEnqueueOptions(options);
    if (typeof input.text !== "string" || typeof to !== "string" || to === "") {
      throw coreErrors.SMSKIT_E_USAGE.create({ problem: "enqueue needs a recipient and a message text" });
    }
    await this.#host.assertTarget(target);
    const put = async () => {
      const now = this.#host.now();
      const queued: QueuedMessage = {
        id: this.#host.log.nextId(),
        target,
        to,
        text: input.text,
        title: input.title,
        data: input.data,
        createdAt: now,
        expiresAt: options.ttlSeconds === undefined ? undefined : now + options.ttlSeconds * 1000,
        priority: options.priority,
      };
      await enqueuer.add(queued);
      return { id: queued.id };
    };
    if (options.idempotencyKey === undefined) return (await put()).id;
    // The queue's requests are told apart from sends: the same key for a send and an enqueue is a conflict.
    const identity = {
      target: `queue:${target}`,
      to,
      text: input.text,
      title: input.title,
      data: input.data,
    };
    const outcome = await this.#host.idempotency.run(
      options.idempotencyKey,
      identity,
      performance.now() + 60_000,
      put,
    );
    return outcome.id;
  }

  /** Start a worker taking jobs from the queue; `stop()` it to finish its in-flight sends. */
  work(options: WorkerOptions = {}): QueueWorker {
    if (this.#closed) throw closedError();
    const queue = this.#host.queue;
    if (!queue) throw noQueueError();
    const concurrency = options.concurrency ?? 16;
    if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 10_000)) {
      throw coreErrors.SMSKIT_E_USAGE.create({
        problem: `concurrency must be a whole number from 1 to 10000, got ${JSON.stringify(options.concurrency)}`,
      });
    }
    const host = this.#host;
    const worker = new QueueWorker(
      {
        queue,
        send: host.send,
        resendsUnknown: host.resendsUnknown,
        record: (record) => host.log.update(record),
        flushLog: () => host.log.flush(),
        recipients: host.recipients,
        logger: host.logger,
        now: host.now,
      },
      { ...options, concurrency },
    );
    this.#workers.add(worker);
    void worker.done.finally(() => this.#workers.delete(worker));
    return worker;
  }

  /** Stop every worker (their in-flight sends finish), then close the queue. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#workers].map((worker) => worker.stop()));
    await this.#host.queue?.close();
  }
}

/** The error of `enqueue` or `work` on an application created without a queue. */
export function noQueueError(): ConfigurationError {
  return coreErrors.SMSKIT_E_QUEUE_UNAVAILABLE.create({
    what: "this smskit has no queue:",
    fix: "create it with createSmskit({ queue }) — e.g. createPostgresQueue() from @smskit/queue-postgres on a PostgreSQL store",
  });
}

function closedError(): SmsError {
  return coreErrors.SMSKIT_E_CLOSED.create({ what: "smskit is", next: "; create a new instance" });
}
