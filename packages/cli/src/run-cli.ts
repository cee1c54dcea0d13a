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
import { commandHelp, groupHelp, mainHelp } from "./help.js";
import { openSmskit } from "./open-smskit.js";
import { writeErrorLine } from "./output.js";

/** Exit codes: success, delivery failed, usage or configuration error. */
export const exitCodes = { success: 0, deliveryFailed: 1, usage: 2, noFinalStatus: 3 } as const;

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
    const { handler } = invocation;
    const queue = handler.queue ? handler.spec.path.join(" ") : undefined;
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
