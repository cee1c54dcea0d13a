import { resolve } from "node:path";
import { createContainer, createSmskit, type Smskit, SqliteGatewayStore } from "@smskit/core";
import type { CliIo } from "./cli-io.js";
import type { FlagValues } from "./command-line.js";
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

/**
 * Create the smskit a command works with: the providers of the application it runs in (see
 * `discoverCliProviders`), the SQLite store when `withStore` (otherwise nothing is written
 * anywhere), the script directory, and `io.env` as the environment (`SMSKIT_SECRET_KEY`).
 * Prints one warning line per provider package that could not be loaded.
 */
export async function openSmskit(io: CliIo, flags: FlagValues, withStore: boolean): Promise<OpenedSmskit> {
  const container = createContainer();
  const discovery = await discoverCliProviders(container, io, flags);
  const store = withStore ? await SqliteGatewayStore.open(storePath(io, flags)) : undefined;
  const scriptDirectory = flags["script-dir"] ?? nonEmpty(io.env.SMSKIT_SCRIPT_DIR);
  let smskit: Smskit;
  try {
    smskit = await createSmskit({
      container,
      environment: { ...io.env },
      ...(store ? { store } : {}),
      ...(scriptDirectory === undefined ? {} : { scriptDirectory: resolve(io.cwd, scriptDirectory) }),
    });
  } catch (error) {
    await store?.close();
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
