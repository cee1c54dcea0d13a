import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { expect } from "vitest";
import { type FakeSmtpServer, type SmtpFakeOptions, startSmtpServer } from "../src/index.js";

// What the SMTP fake's tests share: servers and clients closed after each test, a raw client, a message.

const servers: FakeSmtpServer[] = [];
const clients: SmtpClient[] = [];

/** Start a fake that `closeAll` closes. */
export async function start(options: SmtpFakeOptions = {}): Promise<FakeSmtpServer> {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
}

/** Close every server and client the test started (call it in afterEach). */
export async function closeAll(): Promise<void> {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
}

/** A message with a UTF-8 subject (encoded word) and a quoted-printable body. */
export const mime = [
  "From: sender@example.net",
  "To: 491701234567@sms.example.net",
  `Subject: =?UTF-8?B?${Buffer.from("Grüße 😀").toString("base64")}?=`,
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "Code 123 =C3=A4=C3=B6=C3=BC",
  "second line",
].join("\r\n");

/** A minimal line-based SMTP client over a raw socket, to talk to the fake without a library. */
export class SmtpClient {
  socket: Socket | TLSSocket;
  greeting = "";
  #buffer = "";
  #waiter: (() => void) | undefined;

  private constructor(socket: Socket | TLSSocket) {
    this.socket = socket;
    this.#listen();
    clients.push(this);
  }

  /** Connect (plain, or implicit TLS with `tls` options) and read the greeting. */
  static async open(port: number, tls?: { ca?: string; servername?: string }): Promise<SmtpClient> {
    const socket = tls
      ? connectTls({ port, host: "127.0.0.1", ...tls })
      : connectTcp({ port, host: "127.0.0.1" });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? "secureConnect" : "connect", () => resolve());
      socket.once("error", reject);
    });
    const client = new SmtpClient(socket);
    client.greeting = await client.reply();
    return client;
  }

  /** Send one line and read the (possibly multi-line) reply. */
  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** AUTH PLAIN or LOGIN; resolves with the final reply. */
  async login(method: "PLAIN" | "LOGIN", username: string, password: string): Promise<string> {
    if (method === "PLAIN") {
      return this.command(
        `AUTH PLAIN ${Buffer.from(`\u0000${username}\u0000${password}`).toString("base64")}`,
      );
    }
    await this.command("AUTH LOGIN");
    await this.command(Buffer.from(username).toString("base64"));
    return this.command(Buffer.from(password).toString("base64"));
  }

  /** MAIL FROM, RCPT TO for each recipient, DATA and the message; expects every step accepted. */
  async deliver(from: string, to: readonly string[], message: string): Promise<void> {
    expect(await this.command(`MAIL FROM:<${from}>`)).toMatch(/^250/);
    for (const recipient of to) expect(await this.command(`RCPT TO:<${recipient}>`)).toMatch(/^250/);
    expect(await this.command("DATA")).toMatch(/^354/);
    expect(await this.command(`${message}\r\n.`)).toMatch(/^250/);
  }

  /** Upgrade the connection after `STARTTLS` was accepted. */
  async upgrade(options: { ca?: string; servername?: string }): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners("data");
    const secure = connectTls({ socket: plain, ...options });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.socket = secure;
    this.#listen();
  }

  /** What arrived and was not read yet. */
  pending(): string {
    return this.#buffer;
  }

  /** Read one complete reply: lines up to the one whose code is followed by a space. */
  async reply(timeoutMs = 3000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const match = /(?:^|\r\n)\d{3} [^\r\n]*\r\n/.exec(this.#buffer);
      if (match) {
        const end = match.index + match[0].length;
        const reply = this.#buffer.slice(0, end).trimEnd();
        this.#buffer = this.#buffer.slice(end);
        return reply;
      }
      if (performance.now() > deadline)
        throw new Error(`no complete SMTP reply; got ${JSON.stringify(this.#buffer)}`);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  #listen(): void {
    this.socket.on("data", (chunk: Buffer) => {
      this.#buffer += chunk.toString("utf8");
      this.#waiter?.();
    });
    this.socket.on("error", () => {});
  }
}

export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
