import { afterEach, beforeEach, expect } from "vitest";
import { createFixtureApp, type FixtureApp } from "./fixture-app.js";
import { runWithStore } from "./run.js";

// The gateway the `smskit gateway` tests define, and how they read it back.

/** A URL nothing answers at (the tests never send). */
export const url = "http://127.0.0.1:9/send";

/** `smskit gateway set otp` with the echo provider, a secret parameter and an option. */
export function defineOtp(app: FixtureApp) {
  return runWithStore(app, [
    "gateway",
    "set",
    "otp",
    "--provider",
    "echo",
    "--description",
    "one-time passwords",
    "--param",
    `URL=${url}`,
    "--param",
    "PASSWORD=s3cret=with=equals",
    "--option",
    "text={otp}",
  ]);
}

/** `smskit gateway show NAME --json`, expected to succeed, parsed. */
export async function showGateway(app: FixtureApp, name = "otp"): Promise<Record<string, unknown>> {
  const result = await runWithStore(app, ["gateway", "show", name, "--json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Inside a describe: a fresh fixture app for every test, and the otp gateway's define and show in it. */
export function useOtpGateway() {
  let current: FixtureApp | undefined;
  beforeEach(async () => {
    current = await createFixtureApp();
  });
  afterEach(async () => {
    await current?.remove();
  });
  const app = (): FixtureApp => {
    if (!current) throw new Error("useOtpGateway's app exists only inside a test");
    return current;
  };
  return { app, define: () => defineOtp(app()), show: (name = "otp") => showGateway(app(), name) };
}
