import type { Logger, MessageQueue } from "@smskit/core";

/** The demo's queue settings from its environment. */
export interface QueueSettings {
  readonly queue?: MessageQueue;
  /** How many sends the in-process worker runs at once; 0: none (an API-only instance). */
  readonly workers: number;
}

/** Whether a store location is a PostgreSQL URL. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * With a PostgreSQL store, the durable queue in the same database (`@smskit/queue-postgres`) and
 * an in-process worker of `SMSKIT_WORKERS` concurrent sends (default 16; 0 for an API-only
 * instance). Any other store: no queue, `POST /api/messages` answers 503.
 */
export async function queueFromEnvironment(
  storeLocation: string,
  environment: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<QueueSettings> {
  const text = environment.SMSKIT_WORKERS;
  const workers = text === undefined || text === "" ? 16 : Number(text);
  if (!Number.isInteger(workers) || workers < 0 || workers > 10_000) {
    throw new Error(`SMSKIT_WORKERS must be a whole number from 0 to 10000, not '${text}'`);
  }
  if (!isPostgresUrl(storeLocation)) return { workers: 0 };
  const { createPostgresQueue } = await import("@smskit/queue-postgres");
  const queue = await createPostgresQueue({ connectionString: storeLocation, logger });
  return { queue, workers };
}
