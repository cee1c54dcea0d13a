import { createSmskit, type SmsError, type Smskit } from "@smskit/core";
import { expectSmsError as expectGatewayError } from "@smskit/testkit";
import httpProvider from "../src/index.js";

/** A smskit with only the HTTP provider registered, and one gateway saved as `sms`. */
export interface HarnessGateway {
  readonly smskit: Smskit;
  /** Send through the gateway `sms`. */
  send(to: string, text: string, options?: Parameters<Smskit["send"]>[3]): ReturnType<Smskit["send"]>;
}

/** What a test gives for the gateway `sms`. */
export interface HarnessDefinition {
  parameters: Record<string, unknown>;
  options?: Record<string, string>;
  headers?: Record<string, string>;
}

const open = new Set<Smskit>();

/** Create a smskit with the HTTP provider and save the gateway `sms`; close it with `closeAll()`. */
export async function httpGateway(definition: HarnessDefinition): Promise<HarnessGateway> {
  const smskit = await createSmskit({ providers: [httpProvider] });
  open.add(smskit);
  await smskit.saveGateway({
    name: "sms",
    provider: "http",
    parameters: definition.parameters,
    options: definition.options ?? {},
    headers: definition.headers ?? {},
  });
  return { smskit, send: (to, text, options) => smskit.send("sms", to, text, options) };
}

/** Close every smskit `httpGateway` created (call in afterEach). */
export async function closeAll(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((smskit) => smskit.close()));
}

/** Await a rejection and check it is an `SmsError` with this code from the gateway `sms`; returns it. */
export function expectSmsError(work: Promise<unknown>, code: string): Promise<SmsError> {
  return expectGatewayError(work, code, "sms");
}

/** A message with every character that breaks naive encodings. */
export const awkwardMessage =
  "Code 12 34 & x=1+2 #frag ?q \"quoted\" 'single' <b>%20 100%\nline two\r\n\tЖ 中文 العربية 🙂👍🏽";
