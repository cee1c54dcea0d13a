import { expect } from "vitest";
import type { FixtureApp } from "./fixture-app.js";
import { type RunResult, runWithStore } from "./run.js";

/** Run `smskit … --store <fixture store>` with the CLI's real provider packages. */
export function runReal(app: FixtureApp, argv: readonly string[]): Promise<RunResult> {
  return runWithStore(app, argv, { realProviders: true });
}

/** Define a gateway of the real http provider POSTing `to` and `text` to `url`; extra flags go after. */
export async function defineHttpGateway(
  app: FixtureApp,
  name: string,
  url: string,
  extra: readonly string[] = [],
): Promise<void> {
  const saved = await runReal(app, [
    "gateway",
    "set",
    name,
    "--provider",
    "http",
    ...httpGatewayFlags(url),
    ...extra,
  ]);
  expect(saved.stderr).toBe("");
  expect(saved.code).toBe(0);
}

/** The flags of an http gateway POSTing `to` and `text` to `url`. */
export function httpGatewayFlags(url: string): string[] {
  return [
    "--param",
    `URL=${url}`,
    "--param",
    "HTTP_METHOD=POST",
    "--option",
    "to={phone}",
    "--option",
    "text={otp}",
  ];
}

/** The JSON `send … --json` printed (the result, or `{ error }`). */
export function sentJson(result: RunResult): Record<string, unknown> & {
  attempts?: Array<Record<string, unknown>>;
  error?: Record<string, unknown> & { attempts: Array<Record<string, unknown>> };
} {
  return JSON.parse(result.stdout) as ReturnType<typeof sentJson>;
}
