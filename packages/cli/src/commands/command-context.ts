import type { Smskit } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import type { FlagValues } from "../command-line.js";
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
