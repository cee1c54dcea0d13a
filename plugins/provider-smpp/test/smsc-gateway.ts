import { createSmskit, type SmsError, type Smskit } from "@smskit/core";
import {
  expectSmsError as expectGatewayError,
  type SmscSimulator,
  type SmscSimulatorOptions,
  startSmscSimulator,
} from "@smskit/testkit";
import smppProvider from "../src/index.js";

/** The credentials every simulator in these tests expects. */
export const credentials = { systemId: "otp-esme", password: "s3cr3tpw" } as const;

/** A smskit with the SMPP provider and the gateway `smsc` pointing at a simulator. */
export interface SmscGateway {
  readonly smskit: Smskit;
  readonly simulator: SmscSimulator;
  /** Send through the gateway `smsc`. */
  send(to: string, text: string, options?: Parameters<Smskit["send"]>[3]): ReturnType<Smskit["send"]>;
}

const cleanups: Array<() => Promise<void>> = [];

/** Start a simulator and save the gateway `smsc` for it; `parameters` override the defaults. */
export async function smscGateway(
  parameters: Record<string, unknown> = {},
  simulatorOptions: SmscSimulatorOptions = {},
): Promise<SmscGateway> {
  const simulator = await startSmscSimulator({ ...credentials, ...simulatorOptions });
  cleanups.push(() => simulator.close());
  const smskit = await gatewayFor({
    SMSC_HOST: simulator.host,
    SMSC_PORT: simulator.port,
    SYSTEM_ID: credentials.systemId,
    PASSWORD: credentials.password,
    ...parameters,
  });
  return { smskit, simulator, send: (to, text, options) => smskit.send("smsc", to, text, options) };
}

/** A smskit with the gateway `smsc` saved with exactly these parameters. */
export async function gatewayFor(parameters: Record<string, unknown>): Promise<Smskit> {
  const smskit = await createSmskit({ providers: [smppProvider] });
  cleanups.unshift(() => smskit.close());
  await smskit.saveGateway({ name: "smsc", provider: "smpp", parameters });
  return smskit;
}

/** Close every smskit and simulator the tests created (call in afterEach). */
export async function closeAll(): Promise<void> {
  const all = cleanups.splice(0);
  for (const cleanup of all) await cleanup();
}

/** Await a rejection and check it is an `SmsError` with this code for the gateway `smsc`. */
export function expectSmsError(work: Promise<unknown>, code: string): Promise<SmsError> {
  return expectGatewayError(work, code, "smsc");
}

/** Wait until `condition` holds, polling every 10 ms, for at most `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
