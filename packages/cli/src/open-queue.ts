import type { Logger, MessageQueue } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";
import { usageError } from "./usage-error.js";

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
    throw coreErrors.SMSKIT_E_QUEUE_UNAVAILABLE.create({
      what: `smskit ${command} needs the durable queue, which lives in a PostgreSQL store:`,
      fix: "give --store postgres://USER:PASSWORD@HOST/DATABASE (or set SMSKIT_STORE)",
    });
  }
  let module: typeof import("@smskit/queue-postgres");
  try {
    module = await import("@smskit/queue-postgres");
  } catch {
    throw coreErrors.SMSKIT_E_QUEUE_UNAVAILABLE.create({
      what: `smskit ${command} needs the package @smskit/queue-postgres:`,
      fix: "install it beside @smskit/cli",
    });
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
    throw usageError(`${name} must be a whole number of seconds, got ${JSON.stringify(text)}`);
  }
  return { [option]: value };
}
