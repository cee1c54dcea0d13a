/**
 * The durable send queue as core sees it: a place to put messages, take jobs from and settle
 * them, and the compare-and-set that makes a send happen at most once. `@smskit/queue-postgres`
 * implements it on pg-boss; `MemoryMessageQueue` keeps it in one process (tests, not durable).
 */

/** A message waiting in the queue. Its text lives only here, and only until the job is settled. */
export interface QueuedMessage {
  /** smskit's id of the message (the message log's record). */
  readonly id: string;
  /** A gateway or a route. */
  readonly target: string;
  readonly to: string;
  readonly text: string;
  readonly title?: string | undefined;
  readonly data?: Readonly<Record<string, string>> | undefined;
  /** When it was enqueued, ms since the epoch. */
  readonly createdAt: number;
  /** After this time (ms since the epoch) it is `expired` instead of sent. */
  readonly expiresAt?: number | undefined;
  /** Higher goes first (default 0). */
  readonly priority?: number | undefined;
}

/** One delivery of a queued message to a worker. The queue delivers at least once. */
export interface QueueJob {
  readonly message: QueuedMessage;
  /** Which delivery this is: 0 the first, then one more per retry or redelivery. */
  readonly attempt: number;
  /** Whether a retry-safe failure may still be retried (the retries are not used up). */
  readonly retriesLeft: boolean;
}

/**
 * What a claim found: `claimed` — the message was `queued` and is now `sending` (this delivery may
 * send it); `sending` — an earlier delivery claimed it and never settled (its worker died or lost
 * the job); `done` — its outcome is recorded.
 */
export type ClaimState = "claimed" | "sending" | "done";

/** How a job ends: `done` (the outcome is final and recorded) or `retry` (a retry-safe failure: send it again later). */
export interface JobSettlement {
  readonly job: QueueJob;
  readonly outcome: "done" | "retry";
}

/** A durable queue of messages to send. */
export interface MessageQueue {
  /** Put messages in the queue; resolves once they are stored durably. */
  put(messages: readonly QueuedMessage[]): Promise<void>;
  /** Take up to `limit` jobs that are due; resolves with none when there are none. */
  take(limit: number): Promise<QueueJob[]>;
  /**
   * Atomically move each job's message from queued to sending (compare-and-set in the queue's
   * database), one state per job in order. Only a `claimed` job may be sent.
   */
  claim(jobs: readonly QueueJob[]): Promise<ClaimState[]>;
  /** Claim again a message whose earlier delivery is lost (a route with `onUnknown: continue`). */
  reclaim(job: QueueJob): Promise<boolean>;
  /**
   * Settle jobs: `done` marks the message's claim done and removes the job with its text; `retry`
   * releases the claim (the message is queued again) and hands the job back for a later delivery.
   */
  settle(settlements: readonly JobSettlement[]): Promise<void>;
  /** Tell the queue these jobs are still being worked on (their worker is alive). */
  touch(jobs: readonly QueueJob[]): Promise<void>;
  /** How often `touch` must be called, in milliseconds, for a job not to count as lost. */
  readonly touchIntervalMs: number;
  /** Release the queue's connections. */
  close(): Promise<void>;
}
