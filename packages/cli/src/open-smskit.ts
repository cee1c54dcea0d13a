import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  createContainer,
  createSmskit,
  type GatewayStore,
  type Logger,
  MemoryGatewayStore,
  type Smskit,
  SqliteGatewayStore,
} from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";
import { openQueue } from "./open-queue.js";
import { writeErrorLine } from "./output.js";
import { discoverCliProviders, type ProviderSource } from "./provider-source.js";

/** The store file a command line means: `--store`, else `$SMSKIT_STORE`, else `./smskit.db`, from `cwd`. */
export function storePath(io: CliIo, flags: FlagValues): string {
  return resolve(io.cwd, flags.store ?? nonEmpty(io.env.SMSKIT_STORE) ?? "smskit.db");
}

/** An open smskit and where its providers came from. */
export interface OpenedSmskit {
  readonly smskit: Smskit;
  readonly providerSource: ProviderSource;
}

/** How a command uses the store: not at all, only reading it, or writing it. */
export type StoreUse = "none" | "read" | "write";

/**
 * Create the smskit a command works with: the providers of the application it runs in (see
 * `discoverCliProviders`), the SQLite store (for `"read"` only when its file exists, otherwise an
 * empty one in memory — a command that only reads creates no store and no key), the script
 * directory, and `io.env` as the environment (`SMSKIT_SECRET_KEY`). A store whose directory does
 * not exist is refused. Prints one warning line per provider package that could not be loaded.
 */
export async function openSmskit(
  io: CliIo,
  flags: FlagValues,
  use: StoreUse,
  /** The command, when it needs the durable queue. */
  queueFor?: string,
): Promise<OpenedSmskit> {
  const container = createContainer();
  const discovery = await discoverCliProviders(container, io, flags);
  const queue = queueFor === undefined ? undefined : await openQueue(io, flags, queueFor, warningLogger(io));
  const store =
    use === "none"
      ? undefined
      : await openStore(storePath(io, flags), use).catch(async (error) => {
          await queue?.close();
          throw error;
        });
  const scriptDirectory = flags["script-dir"] ?? nonEmpty(io.env.SMSKIT_SCRIPT_DIR);
  let smskit: Smskit;
  try {
    smskit = await createSmskit({
      container,
      environment: { ...io.env },
      // SMSKIT_LOG_LEVEL=debug keeps message texts in errors; otherwise they read <message>.
      debug: io.env.SMSKIT_LOG_LEVEL === "debug",
      ...(store ? { store } : {}),
      ...(queue ? { queue } : {}),
      ...(scriptDirectory === undefined ? {} : { scriptDirectory: resolve(io.cwd, scriptDirectory) }),
    });
  } catch (error) {
    await store?.close();
    await queue?.close();
    throw error;
  }
  for (const failure of discovery.failures) {
    const prefix = `package ${failure.package}: `;
    const reason = failure.reason.startsWith(prefix) ? failure.reason.slice(prefix.length) : failure.reason;
    writeErrorLine(
      io.stderr,
      `warning: provider package ${failure.package} was skipped: ${reason}`,
      failure.code,
    );
  }
  return { smskit, providerSource: discovery.source };
}

async function openStore(path: string, use: "read" | "write"): Promise<GatewayStore> {
  const directory = dirname(path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw coreErrors.SMSKIT_E_STORE.create({
      problem: `the directory of the store ${path} does not exist; create it first, or choose another --store (or SMSKIT_STORE)`,
    });
  }
  if (use === "read" && !existsSync(path)) return new MemoryGatewayStore();
  return SqliteGatewayStore.open(path);
}

/** Warnings (the queue's connection trouble) as lines on stderr. */
function warningLogger(io: CliIo): Logger {
  const warn = (message: string, fields?: Record<string, unknown>) =>
    writeErrorLine(io.stderr, `warning: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
  return { debug() {}, info() {}, warn, error: warn };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
