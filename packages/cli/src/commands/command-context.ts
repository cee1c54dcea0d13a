import type { Smskit } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import type { FlagValues } from "../command-line.js";
import type { CommandSpec } from "../command-specs.js";
import type { StoreUse } from "../open-smskit.js";
import type { ProviderSource } from "../provider-source.js";

/** What a command runs with: the streams, its arguments and flags, and an open smskit. */
export interface CommandContext {
  readonly io: CliIo;
  /** The positional arguments after the command words, as many as the command declares. */
  readonly arguments: readonly string[];
  readonly flags: FlagValues;
  readonly smskit: Smskit;
  /** Where the providers of `smskit` came from. */
  readonly providerSource: ProviderSource;
}

/** A command: its specification beside its handler, so neither can exist without the other. */
export interface Command {
  readonly spec: CommandSpec;
  /** Whether the command reads or writes gateway definitions (opens the store); reading creates none. */
  readonly store: StoreUse;
  /** Whether the command needs the durable queue (a PostgreSQL store). */
  readonly queue?: true;
  /** Resolves with the exit code (a number), or anything else for success. */
  run(context: CommandContext): Promise<unknown>;
}
