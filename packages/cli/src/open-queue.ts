import { importOptionalPackage, isPostgresUrl, type Logger, type MessageQueue } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";
import { usageError } from "./usage-error.js";

/** The package that holds the durable queue: installed only by applications that use one. */
export const queuePackage = "@smskit/queue-postgres";

/**
 * The durable queue of the store a command line names: `@smskit/queue-postgres` in the store's
 * PostgreSQL database (loaded only now, resolved from the application, then beside this CLI). A command that needs it refuses any other store with a clear error.
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
  const module = await importOptionalPackage<typeof import("@smskit/queue-postgres")>(queuePackage, {
    from: io.cwd,
    beside: import.meta.url,
    missing: () =>
      coreErrors.SMSKIT_E_QUEUE_UNAVAILABLE.create({
        what: `smskit ${command} needs the package ${queuePackage}, which is not installed:`,
        fix: `run npm install ${queuePackage} in the application (or beside smskit)`,
      }),
  });
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
