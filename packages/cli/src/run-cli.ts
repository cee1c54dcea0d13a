import { readFileSync } from "node:fs";
import {
  ConfigurationError,
  ManifestError,
  type ProviderInfo,
  SmsError,
  type Smskit,
  SmskitError,
} from "@smskit/core";
import { type CliIo, ownPackageJson, resolveIo } from "./cli-io.js";
import { type FlagValues, type Invocation, parseCommandLine } from "./command-line.js";
import { bulkCommand } from "./commands/bulk.js";
import type { CommandContext } from "./commands/command-context.js";
import { deleteGateway, listGateways, setGateway, showGateway } from "./commands/gateway.js";
import { inspectCommand } from "./commands/inspect.js";
import { messageCommands } from "./commands/messages.js";
import { listProviders } from "./commands/providers.js";
import { queueCommands } from "./commands/queue.js";
import { routeCommands } from "./commands/route.js";
import { rotateSecrets } from "./commands/secrets.js";
import { sendMessage } from "./commands/send.js";
import { deleteSmtpServer, listSmtpServers, setSmtpServer, showSmtpServer } from "./commands/smtp.js";
import { exportDefinitions, importDefinitions } from "./commands/transfer.js";
import { commandHelp, groupHelp, mainHelp } from "./help.js";
import { openSmskit, type StoreUse } from "./open-smskit.js";
import { writeErrorLine } from "./output.js";

/** Exit codes: success, delivery failed, usage or configuration error. */
export const exitCodes = { success: 0, deliveryFailed: 1, usage: 2, noFinalStatus: 3 } as const;

interface Handler {
  /** Whether the command reads or writes gateway definitions (opens the store); reading creates none. */
  readonly store: StoreUse;
  /** Whether the command needs the durable queue (a PostgreSQL store). */
  readonly queue?: true;
  /** Resolves with the exit code (a number), or anything else for success. */
  run(context: CommandContext): Promise<unknown>;
}

const readOnlyRoute = new Set(["list", "show"]);

const handlers: Readonly<Record<string, Handler>> = {
  providers: { store: "none", run: listProviders },
  "gateway set": { store: "write", run: setGateway },
  "gateway list": { store: "read", run: listGateways },
  "gateway show": { store: "read", run: showGateway },
  "gateway delete": { store: "write", run: deleteGateway },
  send: { store: "read", run: sendMessage },
  inspect: { store: "none", run: inspectCommand.run },
  bulk: { store: "read", run: bulkCommand.run },
  "smtp set": { store: "write", run: setSmtpServer },
  "smtp list": { store: "read", run: listSmtpServers },
  "smtp show": { store: "read", run: showSmtpServer },
  "smtp delete": { store: "write", run: deleteSmtpServer },
  export: { store: "read", run: exportDefinitions },
  import: { store: "write", run: importDefinitions },
  "secrets rotate": { store: "write", run: rotateSecrets },
  ...Object.fromEntries(
    routeCommands.map((command) => [
      command.spec.path.join(" "),
      { store: readOnlyRoute.has(command.spec.path[1] ?? "") ? "read" : "write", run: command.run },
    ]),
  ),
  ...Object.fromEntries(
    messageCommands.map((command) => [command.spec.path.join(" "), { store: "read", run: command.run }]),
  ),
  ...Object.fromEntries(
    queueCommands.map((command) => [
      command.spec.path.join(" "),
      { store: "read", queue: true, run: command.run },
    ]),
  ),
};

/**
 * Run the `smskit` command line `argv` (without node and the script) and resolve with the
 * exit code: 0 success, 1 delivery failed, 2 usage or configuration error, 3 no final status
 * within `--wait-receipt`. Errors are
 * written to `io.stderr` as one line `smskit: <message> (<CODE>)`. Whatever is left out
 * of `io` is the process's own.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli = resolveIo(io);
  let smskit: Smskit | undefined;
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === "version") {
      cli.stdout.write(`${cliVersion()}\n`);
      return exitCodes.success;
    }
    if (invocation.kind === "help") {
      cli.stdout.write(await helpText(invocation, cli));
      return exitCodes.success;
    }
    const handler = handlers[invocation.command.path.join(" ")];
    if (!handler) throw new Error(`no handler for '${invocation.command.path.join(" ")}'`);
    const queue = handler.queue ? invocation.command.path.join(" ") : undefined;
    const opened = await openSmskit(cli, invocation.flags, handler.store, queue);
    smskit = opened.smskit;
    const code = await handler.run({
      io: cli,
      arguments: invocation.arguments,
      flags: invocation.flags,
      smskit,
      providerSource: opened.providerSource,
    });
    return typeof code === "number" ? code : exitCodes.success;
  } catch (error) {
    return report(cli, error);
  } finally {
    await smskit?.close();
  }
}

/** The version of this CLI package. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(ownPackageJson, "utf8")) as { version: string }).version;
}

async function helpText(invocation: Extract<Invocation, { kind: "help" }>, io: CliIo): Promise<string> {
  const { target } = invocation;
  if (!target) return mainHelp();
  if (!("options" in target)) return groupHelp(target);
  const provider = await providerForHelp(invocation.flags, io);
  return commandHelp(target, provider);
}

/** With `gateway set --provider ID --help`, the provider whose parameters the help lists. */
async function providerForHelp(flags: FlagValues, io: CliIo): Promise<ProviderInfo | undefined> {
  if (flags.provider === undefined) return undefined;
  const { smskit } = await openSmskit(io, flags, "none");
  try {
    const id = flags.provider;
    const providers = smskit.providers();
    const provider = providers.find((candidate) => candidate.id === id || candidate.legacyNames.includes(id));
    if (!provider) {
      writeErrorLine(
        io.stderr,
        `warning: provider '${id}' is not installed; installed providers: ${providers.map((item) => item.id).join(", ") || "none"}`,
        "SMSKIT_E_PROVIDER_UNKNOWN",
      );
    }
    return provider;
  } finally {
    await smskit.close();
  }
}

/** Write the one error line and choose the exit code. */
function report(io: CliIo, error: unknown): number {
  if (error instanceof SmsError) {
    writeErrorLine(io.stderr, error.message, error.code);
    return exitCodes.deliveryFailed;
  }
  if (error instanceof ConfigurationError || error instanceof ManifestError || error instanceof SmskitError) {
    writeErrorLine(io.stderr, error.message, error.code);
    return exitCodes.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeErrorLine(io.stderr, `unexpected error: ${message}; please report this`, "SMSKIT_E_INTERNAL");
  return exitCodes.deliveryFailed;
}
