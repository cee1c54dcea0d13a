import type { DeliveryReceipt } from "@smskit/provider";
import { isSmsError, isSmskitError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ClaimState, MessageQueue, QueuedMessage, QueueJob } from "./message-queue.js";
import type { MessageRecord, RecipientPolicy } from "./message-record.js";
import { type QueueStep, queueRecord } from "./queue-records.js";
import { QueueSettler } from "./queue-settler.js";

/** Options of `smskit.work()`. */
export interface WorkerOptions {
  /** How many sends run at once in this worker (default 16). */
  concurrency?: number;
  /** How long an idle worker waits before it looks for jobs again, in milliseconds (default 200). */
  pollIntervalMs?: number;
}

/** What a worker has done so far. */
export interface WorkerCounts {
  /** Accepted by a gateway. */
  sent: number;
  /** Failed for good (a refusal, or retry-safe failures with the retries used up). */
  failed: number;
  /** Retry-safe failures handed back to the queue for a later try. */
  retried: number;
  /** Outcome unknown: a send that may have gone out, or a delivery found `sending` (its worker died). */
  unknown: number;
  /** Past their TTL, never sent. */
  expired: number;
  /** Deliveries of messages already settled: nothing done. */
  skipped: number;
}

/** What a worker needs from the application. */
export interface WorkerContext {
  readonly queue: MessageQueue;
  /** Send through the target's gateways (routes, breakers, rate limits), without logging. */
  send(message: QueuedMessage): Promise<DeliveryReceipt & { gateway: string; provider: string }>;
  /** Whether the target is a route that says `onUnknown: continue`. */
  resendsUnknown(target: string): Promise<boolean>;
  /** Queue a changed record for the message log (and tell listeners). */
  record(record: MessageRecord): void;
  /** Write every queued record of the message log. */
  flushLog(): Promise<void>;
  readonly recipients: RecipientPolicy;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * A worker: takes jobs from the queue, claims each message (queued → sending, atomically) and
 * sends only what it claimed; records each outcome in the message log before the job is settled.
 * A delivery whose message is already `sending` — its earlier worker died between claiming and
 * recording — becomes `unknown` and is not sent again, unless its route says `onUnknown: continue`.
 */
export class QueueWorker {
  readonly counts: WorkerCounts = { sent: 0, failed: 0, retried: 0, unknown: 0, expired: 0, skipped: 0 };
  readonly #context: WorkerContext;
  readonly #concurrency: number;
  readonly #pollIntervalMs: number;
  readonly #settler: QueueSettler;
  /** Jobs taken and not yet handed to the settler. */
  readonly #held = new Set<QueueJob>();
  /** Jobs taken ahead, waiting for a free send slot (not claimed yet: a crash leaves them to others). */
  readonly #waiting: QueueJob[] = [];
  /** Sends (with their claims) running now. */
  #active = 0;
  #stopping = false;
  #wake: (() => void) | undefined;
  readonly #touchTimer: NodeJS.Timeout;
  /** Resolves when the worker has stopped and settled everything it took. */
  readonly done: Promise<void>;

  constructor(context: WorkerContext, options: WorkerOptions = {}) {
    this.#context = context;
    this.#concurrency = options.concurrency ?? 16;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#settler = new QueueSettler(context.queue, context.flushLog, context.logger);
    this.#touchTimer = setInterval(() => void this.#touch(), context.queue.touchIntervalMs);
    this.#touchTimer.unref();
    this.done = this.#run();
  }

  /** Stop taking jobs; resolves once the sends in flight have finished and are recorded. */
  stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    return this.done;
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopping) {
        // Up to twice the concurrency is taken, so that the next jobs are at hand while sends run.
        const room = 2 * this.#concurrency - this.#held.size;
        if (room < Math.max(1, this.#concurrency / 2)) {
          await this.#sleep(this.#pollIntervalMs);
          continue;
        }
        let jobs: QueueJob[];
        try {
          jobs = await this.#context.queue.take(room);
        } catch (error) {
          this.#context.logger.warn("queue: taking jobs failed", { error: (error as Error).message });
          await this.#sleep(this.#pollIntervalMs);
          continue;
        }
        if (jobs.length === 0) {
          await this.#sleep(this.#pollIntervalMs);
          continue;
        }
        for (const job of jobs) this.#held.add(job);
        this.#waiting.push(...jobs);
        this.#startSends();
      }
      while (this.#held.size > 0) await this.#sleep(this.#pollIntervalMs);
      await this.#settler.idle();
    } finally {
      clearInterval(this.#touchTimer);
    }
  }

  /** Wait until the time is up, a slot frees or the worker stops. */
  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** Claim as many waiting jobs as there are free slots, in one batch, and send what was claimed. */
  #startSends(): void {
    const free = this.#concurrency - this.#active;
    if (free <= 0 || this.#waiting.length === 0) return;
    const batch = this.#waiting.splice(0, free);
    this.#active += batch.length;
    void this.#claimAndSend(batch);
  }

  async #claimAndSend(jobs: readonly QueueJob[]): Promise<void> {
    let states: ClaimState[];
    try {
      states = await this.#context.queue.claim(jobs);
    } catch (error) {
      // Nothing was sent; the jobs come back to some worker when their lease lapses.
      this.#context.logger.warn("queue: claiming messages failed", { error: (error as Error).message });
      this.#active -= jobs.length;
      for (const job of jobs) this.#release(job);
      return;
    }
    await Promise.all(
      jobs.map((job, index) =>
        this.#handle(job, states[index] ?? "sending").finally(() => {
          this.#active--;
          this.#startSends();
        }),
      ),
    );
  }

  async #handle(job: QueueJob, state: ClaimState): Promise<void> {
    const { message } = job;
    const now = this.#context.now();
    if (state === "done") {
      this.counts.skipped++;
      return this.#settle(job, "done");
    }
    if (state === "sending" && !(await this.#resendable(job))) {
      this.counts.unknown++;
      return this.#settle(job, "done", [{ status: "unknown", at: now, errorCode: "SMSKIT_E_WORKER_LOST" }]);
    }
    if (message.expiresAt !== undefined && now >= message.expiresAt) {
      this.counts.expired++;
      return this.#settle(job, "done", [
        { status: "expired", at: now, errorCode: "SMSKIT_E_MESSAGE_EXPIRED" },
      ]);
    }
    const sending: QueueStep = { status: "sending", at: now };
    this.#context.record(queueRecord(message, this.#context.recipients, [sending]));
    try {
      const result = await this.#context.send(message);
      this.counts.sent++;
      const { gateway, provider } = result;
      const step = {
        status: "submitted",
        at: this.#context.now(),
        gateway,
        provider,
        receipt: result,
      } as const;
      this.#settle(job, "done", [sending, step]);
    } catch (error) {
      this.#failed(job, sending, error);
    }
  }

  /** Whether a message found `sending` may be sent again: its route opted in, and the queue let us claim it anew. */
  async #resendable(job: QueueJob): Promise<boolean> {
    try {
      return (
        (await this.#context.resendsUnknown(job.message.target)) && (await this.#context.queue.reclaim(job))
      );
    } catch {
      return false;
    }
  }

  #failed(job: QueueJob, sending: QueueStep, error: unknown): void {
    const at = this.#context.now();
    const code = isSmskitError(error) ? error.code : "SMSKIT_E_INTERNAL";
    const where = isSmsError(error) ? { gateway: error.gateway, provider: error.provider } : {};
    // Only a definite failure may lead to another try; anything else may have gone out.
    const unknown = isSmsError(error) ? error.deliveryUnknown : !isSmskitError(error);
    const retrySafe = isSmsError(error) && error.retrySafe && !error.deliveryUnknown;
    if (unknown) {
      this.counts.unknown++;
      this.#settle(job, "done", [sending, { status: "unknown", at, errorCode: code, ...where }]);
    } else if (retrySafe && job.retriesLeft) {
      this.counts.retried++;
      this.#settle(job, "retry", [sending, { status: "queued", at, errorCode: code, ...where }]);
    } else {
      this.counts.failed++;
      this.#settle(job, "done", [sending, { status: "failed", at, errorCode: code, ...where }]);
    }
  }

  #settle(job: QueueJob, outcome: "done" | "retry", steps?: readonly QueueStep[]): void {
    if (steps) this.#context.record(queueRecord(job.message, this.#context.recipients, steps));
    this.#settler.add({ job, outcome });
    this.#release(job);
  }

  #release(job: QueueJob): void {
    this.#held.delete(job);
    this.#wake?.();
  }

  async #touch(): Promise<void> {
    const jobs = [...this.#held, ...this.#settler.waiting.map((settlement) => settlement.job)];
    if (jobs.length === 0) return;
    try {
      await this.#context.queue.touch(jobs);
    } catch (error) {
      this.#context.logger.warn("queue: keeping jobs alive failed", { error: (error as Error).message });
    }
  }
}
