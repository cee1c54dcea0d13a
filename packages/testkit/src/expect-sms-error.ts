import { SmsError } from "@smskit/provider";
import { requireVitest } from "./vitest-runtime.js";

/**
 * Await a rejection and check (with vitest's `expect`) that it is an `SmsError` with this code,
 * raised for this gateway; returns it for further checks.
 */
export async function expectSmsError(
  work: Promise<unknown>,
  code: string,
  gateway: string,
): Promise<SmsError> {
  const { expect } = requireVitest("expectSmsError()");
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected the send to fail with ${code}`).toBeInstanceOf(SmsError);
  const smsError = error as SmsError;
  expect(smsError.code, smsError.message).toBe(code);
  expect(smsError.gateway).toBe(gateway);
  return smsError;
}
