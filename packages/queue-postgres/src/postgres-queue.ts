import type { EventEmitter } from "node:events";
import type { ClaimState, JobSettlement, Logger, MessageQueue, QueuedMessage, QueueJob } from "@smskit/core";
import { type JobAttempt, type JobInsert, PgBoss } from "pg-boss";
import { ClaimTable } from "./claims.js";

/** Options of `createPostgresQueue`. */
export interface PostgresQueueOptions {
  /** The database, e.g. `postgres://user:password@host:5432/smskit` (usually the store's). */
  connectionString: string;
  /** The schema pg-boss and the claims table live in (default `smskit_queue`; created when missing). */
  schema?: string;
  /** The queue's name (default `smskit-send`). */
  queue?: string;
  /** How often a retry-safe failure is tried again before the message is `failed` (default 3). */
  retries?: number;
  /** Seconds before the first retry; doubled (with jitter) for each further one (default 5). */
  retryDelaySeconds?: number;
  /**
   * How often a worker says its jobs are alive, in seconds (at least 10, default 30). A job whose
   * worker has been silent this long is handed to another worker — which finds its message
   * `sending` and records it `unknown`.
   */
  heartbeatSeconds?: number;
  /** How often pg-boss looks for jobs whose worker went silent, in seconds (default 10). */
  superviseIntervalSeconds?: number;
  /** How long one delivery may take at most, in seconds (default 900; keep it above the send timeout). */
  expireInSeconds?: number;
  /** How long a message without a TTL may wait for a worker, in seconds (default 14 days). */
  retentionSeconds?: number;
  /** The most connections this queue opens (default 10). */
  maxConnections?: number;
  /** Run pg-boss's maintenance in this process (default true). */
  supervise?: boolean;
  /** Where pg-boss's connection trouble is reported (default: nowhere). */
  logger?: Logger;
}

/** What a job carries: everything to send the message, nothing else. */
interface JobData {
  readonly id: string;
  readonly target: string;
  readonly to: string;
  readonly text: string;
  readonly title?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly priority?: number;
}

/** Spare deliveries beyond the retries, so that a job whose worker died is always seen again. */
const spareDeliveries = 3;
/** How long claims are kept: longer than any job waits. */
const claimKeepSeconds = 31 * 24 * 60 * 60;
const hourMs = 60 * 60 * 1000;

/**
 * smskit's queue on pg-boss. Jobs hold the message text until they are settled — a settled job is
 * deleted with its text at once; claims (one row per message: `sending`, then `done`) make a
 * send happen at most once whatever pg-boss delivers.
 */
export class PostgresMessageQueue implements MessageQueue {
  readonly touchIntervalMs: number;
  readonly #boss: PgBoss;
  readonly #claims: ClaimTable;
  readonly #name: string;
  readonly #retries: number;
  readonly #retryDelaySeconds: number;
  readonly #retentionSeconds: number;
  readonly #attempts = new WeakMap<QueueJob, JobAttempt>();
  #prunedAt = 0;

  /** Use `createPostgresQueue`. */
  constructor(boss: PgBoss, schema: string, options: PostgresQueueOptions) {
    this.#boss = boss;
    this.#claims = new ClaimTable(boss.getDb(), schema);
    this.#name = options.queue ?? "smskit-send";
    this.#retries = options.retries ?? 3;
    this.#retryDelaySeconds = options.retryDelaySeconds ?? 5;
    this.#retentionSeconds = options.retentionSeconds ?? 14 * 24 * 60 * 60;
    this.touchIntervalMs = ((options.heartbeatSeconds ?? 30) * 1000) / 3;
  }

  /** Create the claims table and the queue when they are missing. */
  async install(options: PostgresQueueOptions): Promise<void> {
    await this.#claims.install();
    if (!(await this.#boss.getQueue(this.#name))) {
      await this.#boss.createQueue(this.#name, {
        heartbeatSeconds: options.heartbeatSeconds ?? 30,
        expireInSeconds: options.expireInSeconds ?? 900,
        retentionSeconds: this.#retentionSeconds,
        retryLimit: this.#retries + spareDeliveries,
        retryDelay: this.#retryDelaySeconds,
        retryBackoff: true,
        // Settled jobs are deleted at once; this only bounds the text of a job pg-boss itself failed.
        deleteAfterSeconds: 60,
      });
    }
  }

  async put(messages: readonly QueuedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = Date.now();
    const jobs: JobInsert<JobData>[] = messages.map((message) => ({
      data: jobData(message),
      priority: message.priority ?? 0,
      retentionSeconds:
        message.expiresAt === undefined
          ? this.#retentionSeconds
          : Math.max(60, Math.ceil((message.expiresAt - now) / 1000) + 3600),
    }));
    await this.#boss.insert(this.#name, jobs);
  }

  async take(limit: number): Promise<QueueJob[]> {
    const fetched = await this.#boss.fetch<JobData>(this.#name, { batchSize: limit, includeMetadata: true });
    return fetched.map((job) => {
      const taken: QueueJob = {
        message: queuedMessage(job.data),
        attempt: job.retryCount,
        retriesLeft: job.retryCount < this.#retries,
      };
      this.#attempts.set(taken, { id: job.id, retryCount: job.retryCount });
      return taken;
    });
  }

  claim(jobs: readonly QueueJob[]): Promise<ClaimState[]> {
    return this.#claims.claim(jobs.map((job) => ({ id: job.message.id, attempt: job.attempt })));
  }

  reclaim(job: QueueJob): Promise<boolean> {
    return this.#claims.reclaim(job.message.id, job.attempt);
  }

  async settle(settlements: readonly JobSettlement[]): Promise<void> {
    const done = settlements.filter((settlement) => settlement.outcome === "done").map(({ job }) => job);
    const retry = settlements.filter((settlement) => settlement.outcome === "retry").map(({ job }) => job);
    // Independent statements, sent together: each job's claim and its row change in either order
    // end the same (a redelivered job finds the claim `done`, or the message queued again).
    await Promise.all([
      done.length > 0 && this.#claims.finish(done.map((job) => job.message.id)),
      done.length > 0 && this.#boss.deleteJob(this.#name, this.#attemptsOf(done)),
    ]);
    if (retry.length > 0) {
      await this.#claims.release(retry.map((job) => job.message.id));
      await this.#boss.fail(this.#name, this.#attemptsOf(retry), { reason: "retry-safe failure" });
    }
    await this.#pruneHourly();
  }

  async touch(jobs: readonly QueueJob[]): Promise<void> {
    if (jobs.length > 0) await this.#boss.touch(this.#name, this.#attemptsOf(jobs));
  }

  async close(): Promise<void> {
    await this.#boss.stop({ graceful: false, close: true });
  }

  #attemptsOf(jobs: readonly QueueJob[]): JobAttempt[] {
    const attempts: JobAttempt[] = [];
    for (const job of jobs) {
      const attempt = this.#attempts.get(job);
      if (attempt) attempts.push(attempt);
    }
    return attempts;
  }

  async #pruneHourly(): Promise<void> {
    const now = Date.now();
    if (now - this.#prunedAt < hourMs) return;
    this.#prunedAt = now;
    await this.#claims.prune(claimKeepSeconds);
  }
}

/**
 * Open smskit's queue in a PostgreSQL database: starts pg-boss (creating or migrating its schema)
 * and creates the queue and the claims table when missing. Pass it to `createSmskit({ queue })`.
 */
export async function createPostgresQueue(options: PostgresQueueOptions): Promise<PostgresMessageQueue> {
  const schema = options.schema ?? "smskit_queue";
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    max: options.maxConnections ?? 10,
    application_name: "smskit-queue",
    supervise: options.supervise ?? true,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    schedule: false,
  });
  // pg-boss reports connection trouble as `error` events; without a listener Node would throw them.
  // (Its declared EventEmitter base does not resolve under this repository's settings.)
  (boss as unknown as EventEmitter).on("error", (error: Error) =>
    options.logger?.warn("queue: pg-boss reported an error", { error: error.message }),
  );
  await boss.start();
  const queue = new PostgresMessageQueue(boss, schema, options);
  try {
    await queue.install(options);
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return queue;
}

function jobData(message: QueuedMessage): JobData {
  return {
    id: message.id,
    target: message.target,
    to: message.to,
    text: message.text,
    ...(message.title === undefined ? {} : { title: message.title }),
    ...(message.data === undefined ? {} : { data: message.data }),
    createdAt: message.createdAt,
    ...(message.expiresAt === undefined ? {} : { expiresAt: message.expiresAt }),
    ...(message.priority === undefined ? {} : { priority: message.priority }),
  };
}

function queuedMessage(data: JobData): QueuedMessage {
  return { ...data };
}
