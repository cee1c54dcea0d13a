import type { Smskit, SmskitOptions } from "@smskit/core";
import type { AnyProviderManifest } from "@smskit/provider";

/** A running fake the provider under test talks to. */
export interface ConformanceTarget {
  /** Gateway parameters pointing the provider at the fake. */
  parameters: Record<string, unknown>;
  /** Gateway options, for providers that take them. */
  options?: Record<string, string>;
  /** Gateway headers, for providers that take them. */
  headers?: Record<string, string>;
  /** A valid recipient for this provider (a phone number or device token). */
  recipient: string;
  /** How many messages the fake has received so far. */
  delivered(): Promise<number> | number;
  /** How many connections from the provider are still open (for the `close` check). */
  openConnections?(): number;
  /** Stop the fake. */
  teardown(): Promise<void>;
  /** Runs on the suite's smskit before the gateway is saved, e.g. to define the SMTP server it names. */
  prepare?(smskit: Smskit): Promise<void>;
}

/** What the conformance suite needs to exercise a provider. */
export interface ConformanceFixtures {
  /** A gateway that delivers. */
  working(): Promise<ConformanceTarget>;
  /** A gateway that accepts the connection but never answers (for the `deadline` and `abort` checks). */
  unresponsive?(): Promise<ConformanceTarget>;
  /** A gateway where nothing listens: connection refused (for `error-mapping` and `secrets-not-echoed`). */
  unreachable?(): Promise<Omit<ConformanceTarget, "delivered">>;
  /** A writeOnly parameter and a value for it that must never appear in any output. */
  secret?: { parameter: string; value: string };
  /** The pipeline deadline used by the `deadline` check, in milliseconds (default 500). */
  sendTimeoutMs?: number;
  /** Checks that do not apply to this provider, each with the reason (shown in the test name). */
  skip?: Partial<Record<ConformanceCheck, string>>;
  /** Further options for the smskit the suite creates (e.g. `scriptDirectory`, `resources`). */
  smskitOptions?: Pick<SmskitOptions, "scriptDirectory" | "environment" | "resources">;
}

/** The checks of the suite, in the order they run. */
export type ConformanceCheck =
  | "manifest"
  | "descriptions"
  | "secrets-write-only"
  | "delivers"
  | "error-mapping"
  | "secrets-not-echoed"
  | "deadline"
  | "abort"
  | "close";

/** One check: resolves when the provider passes it, rejects with what is wrong otherwise. */
export type ConformanceCheckFunction = (
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
) => Promise<void>;

/** The name every check's gateway is saved under. */
export const conformanceGatewayName = "conformance";

/** The message text the checks send: quotes, markup, an ampersand, a newline and an emoji. */
export const conformanceMessage = 'Your code is 123456 — "quoted" & <b>tagged</b>\nline two ✓';
