import {
  createContainer,
  createSmskit,
  isSecretKey,
  providerRegistry,
  registerProvider,
  type Smskit,
  type SmskitOptions,
} from "@smskit/core";
import { type AnyProviderManifest, errorCodes, type Logger, SmsError } from "@smskit/provider";
import type * as Vitest from "vitest";
import { timerLimitMs, unboundedTimeParameters } from "./time-limits.js";

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

/**
 * Every check of the suite, callable on its own (e.g. to show that a broken provider fails
 * it). `testProvider` runs them all as vitest tests.
 */
export const conformanceChecks: Readonly<Record<ConformanceCheck, ConformanceCheckFunction>> = {
  manifest: checkManifestRegistration,
  descriptions: checkDescriptions,
  "secrets-write-only": checkSecretsWriteOnly,
  delivers: checkDelivers,
  "error-mapping": checkErrorMapping,
  "secrets-not-echoed": checkSecretsNotEchoed,
  deadline: checkDeadline,
  abort: checkAbort,
  close: checkClose,
};

/** The checks in the order `testProvider` declares them. */
export const conformanceCheckNames = Object.keys(conformanceChecks) as ConformanceCheck[];

/**
 * Declare the conformance suite for a provider inside a vitest test file: a
 * `describe("conformance: <id>")` with one test per check. A check listed in
 * `fixtures.skip` becomes a skipped test named "<check> (skipped: <reason>)"; a check whose
 * fixture is missing and that is not listed fails, saying so.
 */
export function testProvider(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): void {
  if (!vitest) {
    throw new Error("testProvider() declares vitest tests; call it at the top level of a vitest test file");
  }
  const { describe, it } = vitest;
  const timeoutMs = (fixtures.sendTimeoutMs ?? defaultSendTimeoutMs) + 15_000;
  describe(`conformance: ${manifest.id}`, () => {
    for (const check of conformanceCheckNames) {
      const reason = fixtures.skip?.[check];
      if (reason !== undefined) {
        it.skip(`${check} (skipped: ${reason})`, () => {});
      } else {
        it(check, () => conformanceChecks[check](manifest, fixtures), timeoutMs);
      }
    }
  });
}

/** The pipeline deadline of the `deadline` check when the fixtures give none. */
const defaultSendTimeoutMs = 500;

/** vitest, when running inside it; importing the testkit elsewhere (benchmarks, demos) must not fail. */
const vitest: typeof Vitest | undefined = await import("vitest").catch(() => undefined);

async function checkManifestRegistration(manifest: AnyProviderManifest): Promise<void> {
  const container = createContainer();
  registerProvider(container, manifest);
  let duplicate: unknown;
  try {
    registerProvider(container, manifest);
  } catch (error) {
    duplicate = error;
  }
  if (
    !(duplicate instanceof Error) ||
    (duplicate as { code?: unknown }).code !== "SMSKIT_E_MANIFEST_DUPLICATE"
  ) {
    fail(
      manifest,
      `registering it twice must fail with SMSKIT_E_MANIFEST_DUPLICATE, but ${duplicate === undefined ? "it succeeded" : `threw ${describeError(duplicate)}`}`,
    );
  }
  if (providerRegistry(container).get(manifest.id)?.manifest !== manifest) {
    fail(manifest, "the first registration did not survive the refused duplicate");
  }
}

async function checkDescriptions(manifest: AnyProviderManifest): Promise<void> {
  const missing = parameterEntries(manifest)
    .filter(([, schema]) => typeof schema.description !== "string" || schema.description.trim() === "")
    .map(([name]) => name);
  if (missing.length > 0) fail(manifest, `parameters without a description: ${missing.join(", ")}`);
  const unbounded = unboundedTimeParameters(manifest.parameters.properties as Record<string, unknown>);
  if (unbounded.length > 0) {
    fail(
      manifest,
      `time values need a schema maximum a timer can hold (at most ${timerLimitMs} ms, e.g. maximum: 86400 for seconds); without one: ${unbounded.join(", ")}`,
    );
  }
  const badCodes = Object.entries(manifest.errorCodes ?? {})
    .filter(([code, meaning]) => !/^SMSKIT_E_[A-Z0-9_]+$/.test(code) || String(meaning).trim() === "")
    .map(([code]) => code);
  if (badCodes.length > 0) {
    fail(
      manifest,
      `errorCodes must be SMSKIT_E_<PROVIDER>_<WHAT> with a description; wrong: ${badCodes.join(", ")}`,
    );
  }
}

async function checkSecretsWriteOnly(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const readable = parameterEntries(manifest)
    .filter(
      ([name, schema]) => (isSecretKey(name) || name === fixtures.secret?.parameter) && !schema.writeOnly,
    )
    .map(([name]) => name);
  if (readable.length > 0) {
    fail(manifest, `secret parameters must be marked writeOnly: true; not marked: ${readable.join(", ")}`);
  }
}

async function checkDelivers(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): Promise<void> {
  const target = await fixtures.working();
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const before = await target.delivered();
    const result = await smskit.send(conformanceGatewayName, target.recipient, conformanceMessage);
    if (result.gateway !== conformanceGatewayName || result.provider !== manifest.id) {
      fail(manifest, `the send result names gateway '${result.gateway}' and provider '${result.provider}'`);
    }
    await until(async () => (await target.delivered()) > before, 2000);
    const delivered = (await target.delivered()) - before;
    if (delivered !== 1) {
      fail(manifest, `one send must deliver exactly one message; the fake received ${delivered}`);
    }
  });
}

async function checkErrorMapping(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unreachable", "error-mapping").call(fixtures);
  await withGateway(manifest, fixtures, { ...target, delivered: () => 0 }, async (smskit) => {
    const error = await sendExpectingFailure(
      manifest,
      smskit,
      target.recipient,
      {},
      "the unreachable gateway",
    );
    if (!error.code.startsWith("SMSKIT_E_"))
      fail(manifest, `error code ${error.code} does not start with SMSKIT_E_`);
    if (error.code === "SMSKIT_E_SEND_FAILED") {
      fail(
        manifest,
        `connection refused reached core unclassified (SMSKIT_E_SEND_FAILED: ${error.message}); throw an SmsError with the provider's own code`,
      );
    }
    if (!(error.code in errorCodes) && !(error.code in (manifest.errorCodes ?? {}))) {
      fail(manifest, `error code ${error.code} is neither core's nor declared in the manifest's errorCodes`);
    }
    if (error.gateway !== conformanceGatewayName) {
      fail(manifest, `the error names gateway ${String(error.gateway)}, not '${conformanceGatewayName}'`);
    }
    if (typeof error.retrySafe !== "boolean") fail(manifest, "the error's retrySafe is not a boolean");
  });
}

async function checkSecretsNotEchoed(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const secret = requireFixture(manifest, fixtures, "secret", "secrets-not-echoed");
  const outputs: Array<{ where: string; text: string }> = [];
  const working = await fixtures.working();
  await withGateway(manifest, fixtures, working, async (smskit, logged) => {
    const result = await smskit.send(conformanceGatewayName, working.recipient, conformanceMessage);
    outputs.push({ where: "the send result", text: JSON.stringify(result) });
    outputs.push({
      where: "the stored definition as read back",
      text: JSON.stringify(await smskit.getGateway(conformanceGatewayName)),
    });
    outputs.push(...logged.map((text) => ({ where: "the log", text })));
  });
  if (fixtures.unreachable) {
    const unreachable = await fixtures.unreachable();
    await withGateway(manifest, fixtures, { ...unreachable, delivered: () => 0 }, async (smskit, logged) => {
      const error = await sendExpectingFailure(
        manifest,
        smskit,
        unreachable.recipient,
        {},
        "the unreachable gateway",
      );
      outputs.push({ where: "the error message", text: error.message });
      outputs.push({ where: "the error's JSON", text: JSON.stringify(error) });
      outputs.push({ where: "the error's details", text: safeStringify(error.details) });
      outputs.push(...logged.map((text) => ({ where: "the log", text })));
    });
  }
  const leaks = outputs.filter(({ text }) => text.includes(secret.value));
  if (leaks.length > 0) {
    const shown = leaks
      .map(({ where, text }) => `${where}: ${text.split(secret.value).join("«SECRET»").slice(0, 300)}`)
      .join("\n  ");
    fail(manifest, `the value of the secret parameter ${secret.parameter} appeared in output:\n  ${shown}`);
  }
}

async function checkDeadline(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unresponsive", "deadline").call(fixtures);
  const timeoutMs = fixtures.sendTimeoutMs ?? defaultSendTimeoutMs;
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const started = performance.now();
    await sendExpectingFailure(manifest, smskit, target.recipient, { timeoutMs }, "the unresponsive gateway");
    const elapsed = Math.round(performance.now() - started);
    if (elapsed > timeoutMs + 1500) {
      fail(manifest, `with a ${timeoutMs} ms deadline the send failed only after ${elapsed} ms`);
    }
  });
}

async function checkAbort(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unresponsive", "abort").call(fixtures);
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const controller = new AbortController();
    let abortedAt = Number.POSITIVE_INFINITY;
    const timer = setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 100);
    try {
      await sendExpectingFailure(
        manifest,
        smskit,
        target.recipient,
        { signal: controller.signal, timeoutMs: 60_000 },
        "the unresponsive gateway",
      );
    } finally {
      clearTimeout(timer);
    }
    const elapsed = Math.round(performance.now() - abortedAt);
    if (!(elapsed <= 1500))
      fail(manifest, `the send failed ${elapsed} ms after the abort, not within 1500 ms`);
  });
}

async function checkClose(manifest: AnyProviderManifest, fixtures: ConformanceFixtures): Promise<void> {
  const target = await fixtures.working();
  const openConnections = target.openConnections?.bind(target);
  if (!openConnections) {
    await target.teardown();
    fail(
      manifest,
      'check "close" needs the working target to provide openConnections(); provide it, or list "close" in fixtures.skip with the reason',
    );
  }
  await withGateway(manifest, fixtures, target, async (smskit) => {
    await smskit.send(conformanceGatewayName, target.recipient, conformanceMessage);
    await smskit.close();
    const released = await until(() => openConnections() === 0, 2000);
    if (!released) {
      fail(manifest, `after smskit.close() ${openConnections()} connection(s) to the fake are still open`);
    }
  });
}

/**
 * Run a body with a fresh smskit holding the provider and a gateway aimed at the target
 * (with the fixtures' secret set), and a logger capturing every line. Closes smskit and
 * tears the target down afterwards.
 */
async function withGateway(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
  target: ConformanceTarget,
  body: (smskit: Smskit, logged: string[]) => Promise<void>,
): Promise<void> {
  const logged: string[] = [];
  let smskit: Smskit | undefined;
  try {
    smskit = await createSmskit({
      ...fixtures.smskitOptions,
      providers: [manifest],
      logger: capturingLogger(logged),
      sendTimeoutMs: 10_000,
    });
    await target.prepare?.(smskit);
    const parameters = { ...target.parameters };
    if (fixtures.secret) parameters[fixtures.secret.parameter] = fixtures.secret.value;
    await smskit.saveGateway({
      name: conformanceGatewayName,
      provider: manifest.id,
      parameters,
      options: target.options ?? {},
      headers: target.headers ?? {},
    });
    await body(smskit, logged);
  } finally {
    await smskit?.close();
    await target.teardown();
  }
}

/** Send and return the SmsError it must fail with. */
async function sendExpectingFailure(
  manifest: AnyProviderManifest,
  smskit: Smskit,
  recipient: string,
  options: { timeoutMs?: number; signal?: AbortSignal },
  what: string,
): Promise<SmsError> {
  let failure: unknown;
  try {
    await smskit.send(conformanceGatewayName, recipient, conformanceMessage, options);
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) fail(manifest, `a send through ${what} must fail, but it succeeded`);
  if (!(failure instanceof SmsError)) {
    fail(manifest, `a send through ${what} must reject with an SmsError, not ${describeError(failure)}`);
  }
  return failure;
}

/** A fixture the check cannot run without; fails the check, naming the fixture, when missing. */
function requireFixture<Name extends "unresponsive" | "unreachable" | "secret">(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
  name: Name,
  check: ConformanceCheck,
): NonNullable<ConformanceFixtures[Name]> {
  const fixture = fixtures[name];
  if (fixture === undefined) {
    fail(
      manifest,
      `check "${check}" needs fixtures.${name}; provide it, or list "${check}" in fixtures.skip with the reason`,
    );
  }
  return fixture as NonNullable<ConformanceFixtures[Name]>;
}

function fail(manifest: AnyProviderManifest, message: string): never {
  const error = new Error(`provider '${manifest.id}': ${message}`);
  error.name = "ConformanceFailure";
  throw error;
}

/** Every parameter's name and schema. */
function parameterEntries(
  manifest: AnyProviderManifest,
): Array<[string, { description?: unknown; writeOnly?: unknown }]> {
  return Object.entries(manifest.parameters.properties as Record<string, unknown>).map(([name, schema]) => [
    name,
    typeof schema === "object" && schema !== null
      ? (schema as { description?: unknown; writeOnly?: unknown })
      : {},
  ]);
}

/** A logger writing every line, with its fields, into a list. */
function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${safeStringify(fields ?? {})}`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** JSON of anything, errors included (message and stack), never throwing. */
function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Error ? { ...item, name: item.name, message: item.message, stack: item.stack } : item,
    );
  } catch {
    return String(value);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${code ? ` ${String(code)}` : ""}: ${error.message}`;
  }
  return String(error);
}

/** Poll a condition every 20 ms until it holds or the time is up; whether it held. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
