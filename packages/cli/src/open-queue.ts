import { ConfigurationError, type Logger, type MessageQueue } from "@smskit/core";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";

/** Whether a store location is a PostgreSQL URL. */
export function isPostgresUrl(location: string | undefined): location is string {
  return location !== undefined && /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The durable queue of the store a command line names: `@smskit/queue-postgres` in the store's
 * PostgreSQL database. A command that needs it refuses any other store with a clear error.
 */
export async function openQueue(
  io: CliIo,
  flags: FlagValues,
  command: string,
  logger: Logger,
): Promise<MessageQueue> {
  const location = flags.store ?? (io.env.SMSKIT_STORE || undefined);
  if (!isPostgresUrl(location)) {
    throw new ConfigurationError(
      "SMSKIT_E_QUEUE_UNAVAILABLE",
      `smskit ${command} needs the durable queue, which lives in a PostgreSQL store: give --store postgres://USER:PASSWORD@HOST/DATABASE (or set SMSKIT_STORE)`,
    );
  }
  let module: typeof import("@smskit/queue-postgres");
  try {
    module = await import("@smskit/queue-postgres");
  } catch {
    throw new ConfigurationError(
      "SMSKIT_E_QUEUE_UNAVAILABLE",
      `smskit ${command} needs the package @smskit/queue-postgres: install it beside @smskit/cli`,
    );
  }
  return module.createPostgresQueue({
    connectionString: location,
    logger,
    ...numberFromEnvironment(io, "SMSKIT_QUEUE_HEARTBEAT_SECONDS", "heartbeatSeconds"),
    ...numberFromEnvironment(io, "SMSKIT_QUEUE_SUPERVISE_SECONDS", "superviseIntervalSeconds"),
  });
}

function numberFromEnvironment(io: CliIo, name: string, option: string): Record<string, number> {
  const text = io.env[name];
  if (text === undefined || text === "") return {};
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(
      "SMSKIT_E_USAGE",
      `${name} must be a whole number of seconds, got ${JSON.stringify(text)}`,
    );
  }
  return { [option]: value };
}
