import { createSmskit, type Logger, type Smskit, type SmtpServerInput } from "@smskit/core";
import { type FakeSmtpServer, type SmtpFakeOptions, startSmtpServer } from "@smskit/testkit";
import smtpProvider from "../src/index.js";

/** The sender every test SMTP server definition uses. */
export const sender = "otp@example.net";

/** A fake SMTP server, a smskit with the SMTP provider, an SMTP server definition `relay` and a gateway `mail`. */
export interface SmtpSetup {
  fake: FakeSmtpServer;
  smskit: Smskit;
  /** Everything written to the logger, one JSON line per entry. */
  logged: string[];
}

const opened: Array<{ close(): Promise<void> }> = [];

/**
 * Start a fake SMTP server and a smskit holding the SMTP provider, define the SMTP server
 * `relay` pointing at the fake and the gateway `mail` using it. Undo with `closeAll()`.
 */
export async function setup(
  options: {
    fake?: SmtpFakeOptions;
    server?: Partial<SmtpServerInput>;
    gateway?: Record<string, unknown>;
  } = {},
): Promise<SmtpSetup> {
  const fake = await startSmtpServer(options.fake);
  opened.push(fake);
  const logged: string[] = [];
  const smskit = await createSmskit({ providers: [smtpProvider], logger: capturingLogger(logged) });
  opened.push(smskit);
  await smskit.saveSmtpServer({
    name: "relay",
    host: "127.0.0.1",
    port: fake.port,
    sender,
    timeout: 5,
    ...options.server,
  });
  await smskit.saveGateway({
    name: "mail",
    provider: "smtp",
    parameters: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIER: "relay", ...options.gateway },
  });
  return { fake, smskit, logged };
}

/** Close every smskit and fake `setup` opened (smskit first, so its connections go first). */
export async function closeAll(): Promise<void> {
  for (const item of opened.splice(0).reverse()) await item.close();
}

/** Remember something to close in `closeAll()`. */
export function closeLater<T extends { close(): Promise<void> }>(item: T): T {
  opened.push(item);
  return item;
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Poll until the condition holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/**
 * A received message's body text. A 7-bit body travels as lines, so SMTP's end of data gives
 * its last line a line end the text did not have; that one trailing `\n` is dropped.
 */
export function bodyOf(message: { text: string } | undefined): string | undefined {
  return message?.text.replace(/\n$/, "");
}
