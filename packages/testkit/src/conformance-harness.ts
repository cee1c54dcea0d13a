import { createSmskit, type Smskit } from "@smskit/core";
import { type AnyProviderManifest, type Logger, SmsError } from "@smskit/provider";
import {
  type ConformanceCheck,
  type ConformanceFixtures,
  type ConformanceTarget,
  conformanceGatewayName,
  conformanceMessage,
} from "./conformance-types.js";

/** The pipeline deadline of the `deadline` check when the fixtures give none. */
export const defaultSendTimeoutMs = 500;

/**
 * Run a body with a fresh smskit holding the provider and a gateway aimed at the target
 * (with the fixtures' secret set), and a logger capturing every line. Closes smskit and
 * tears the target down afterwards.
 */
export async function withGateway(
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
export async function sendExpectingFailure(
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
export function requireFixture<Name extends "unresponsive" | "unreachable" | "secret">(
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

export function fail(manifest: AnyProviderManifest, message: string): never {
  const error = new Error(`provider '${manifest.id}': ${message}`);
  error.name = "ConformanceFailure";
  throw error;
}

/** Every parameter's name and schema. */
export function parameterEntries(
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
export function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${safeStringify(fields ?? {})}`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** JSON of anything, errors included (message and stack), never throwing. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Error ? { ...item, name: item.name, message: item.message, stack: item.stack } : item,
    );
  } catch {
    return String(value);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${code ? ` ${String(code)}` : ""}: ${error.message}`;
  }
  return String(error);
}

/** Poll a condition every 20 ms until it holds or the time is up; whether it held. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
