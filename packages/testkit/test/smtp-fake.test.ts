import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSmtpServer, type SmtpFakeOptions, startSmtpServer, testCertificate } from "../src/index.js";

const servers: FakeSmtpServer[] = [];
const clients: SmtpClient[] = [];

async function start(options: SmtpFakeOptions = {}): Promise<FakeSmtpServer> {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A message with a UTF-8 subject (encoded word) and a quoted-printable body. */
const mime = [
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

describe("startSmtpServer", () => {
  it("receives a plain message and parses envelope, headers and body", async () => {
    const server = await start();
    const client = await SmtpClient.open(server.port);
    expect(client.greeting).toMatch(/^220 /);
    const ehlo = await client.command("EHLO client.test");
    expect(ehlo).toMatch(/^250/);
    expect(ehlo).not.toContain("STARTTLS");
    expect(ehlo).not.toContain("AUTH");
    await client.deliver("sender@example.net", ["491701234567@sms.example.net"], mime);

    const [message] = await server.waitForMessages(1);
    expect(message).toMatchObject({
      connection: 1,
      secure: false,
      username: undefined,
      mailFrom: "sender@example.net",
      recipients: ["491701234567@sms.example.net"],
      from: "sender@example.net",
      to: "491701234567@sms.example.net",
      subject: "Grüße 😀",
      text: "Code 123 äöü\nsecond line\n",
      attachments: 0,
      answer: "accept",
    });
    expect(server.connectionsOpened).toBe(1);
    expect(server.openConnections).toBe(1);
    await client.command("QUIT");
    await until(() => server.openConnections === 0);
  });

  it("numbers connections and counts them", async () => {
    const server = await start();
    const first = await SmtpClient.open(server.port);
    const second = await SmtpClient.open(server.port);
    await first.command("EHLO a");
    await second.command("EHLO b");
    await second.deliver("a@example.net", ["b@example.net"], mime);
    await first.deliver("a@example.net", ["c@example.net"], mime);
    await server.waitForMessages(2);
    expect(server.messages.map((message) => message.connection)).toEqual([2, 1]);
    expect(server.connectionsOpened).toBe(2);
    expect(server.openConnections).toBe(2);
  });

  it.each(["PLAIN", "LOGIN"] as const)("requires AUTH %s and records every attempt", async (method) => {
    const server = await start({
      auth: { username: "alice", password: "s3cret", methods: [method] },
    });
    const client = await SmtpClient.open(server.port);
    expect(await client.command("EHLO client.test")).toContain(`AUTH ${method}`);
    expect(await client.command("MAIL FROM:<a@example.net>")).toMatch(/^530/);
    expect(await client.login(method, "alice", "wrong")).toMatch(/^535 .*Authentication credentials invalid/);
    expect(await client.login(method, "alice", "s3cret")).toMatch(/^235/);
    await client.deliver("a@example.net", ["b@example.net"], mime);
    const [message] = await server.waitForMessages(1);
    expect(message?.username).toBe("alice");
    expect(server.logins).toEqual([
      { connection: 1, method, username: "alice", password: "wrong", accepted: false },
      { connection: 1, method, username: "alice", password: "s3cret", accepted: true },
    ]);
  });

  it("words the refusal of wrong credentials as told", async () => {
    const server = await start({
      auth: {
        username: "alice",
        password: "s3cret",
        failureMessage: ({ username, password }) => `no entry for ${username}/${password}`,
      },
    });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    expect(await client.login("PLAIN", "bob", "guess")).toMatch(/^535 .*no entry for bob\/guess/);
  });

  it("offers STARTTLS with the test certificate and marks messages sent after it secure", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    expect(await client.command("EHLO client.test")).toContain("STARTTLS");
    expect(await client.command("STARTTLS")).toMatch(/^220/);
    await client.upgrade({ ca: testCertificate().cert, servername: "localhost" });
    await client.command("EHLO client.test");
    await client.deliver("a@example.net", ["b@example.net"], mime);
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(server.openConnections).toBe(1);
    await client.command("QUIT");
    await until(() => server.openConnections === 0);
  });

  it("cuts upgraded connections when it closes", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    await client.command("STARTTLS");
    await client.upgrade({ ca: testCertificate().cert, servername: "localhost" });
    await client.command("EHLO client.test");
    await server.close();
    expect(server.openConnections).toBe(0);
    await until(() => client.socket.closed);
  });

  it("has a certificate a verifying client refuses unless it trusts it", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    await client.command("STARTTLS");
    await expect(client.upgrade({ servername: "localhost" })).rejects.toThrow(/self[- ]signed/i);
  });

  it("speaks implicit TLS from the first byte", async () => {
    const server = await start({ tls: "tls" });
    const client = await SmtpClient.open(server.port, {
      ca: testCertificate().cert,
      servername: "localhost",
    });
    expect(client.greeting).toMatch(/^220 /);
    expect(await client.command("EHLO client.test")).not.toContain("STARTTLS");
    await client.deliver("a@example.net", ["b@example.net"], mime);
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(server.openConnections).toBe(1);
    await client.command("QUIT");
    await until(() => server.openConnections === 0);
  });

  it("refuses the greeting, senders, recipients and messages as its behaviour says", async () => {
    const server = await start({ behaviour: { connect: { code: 554, message: "go away" } } });
    const refused = await SmtpClient.open(server.port);
    expect(refused.greeting).toMatch(/^554 .*go away/);

    server.setBehaviour({
      mailFrom: (address) =>
        address === "bad@example.net" ? { code: 553, message: "sender refused" } : "accept",
      recipient: (address) =>
        address.startsWith("000") ? { code: 550, message: "5.1.1 no such user" } : "accept",
      data: (message) =>
        message.subject === "spam" ? { code: 554, message: "5.7.1 looks like spam" } : "accept",
    });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    expect(await client.command("MAIL FROM:<bad@example.net>")).toMatch(/^553 .*sender refused/);
    expect(await client.command("MAIL FROM:<good@example.net>")).toMatch(/^250/);
    expect(await client.command("RCPT TO:<000@example.net>")).toMatch(/^550 .*no such user/);
    expect(await client.command("RCPT TO:<123@example.net>")).toMatch(/^250/);
    expect(await client.command("DATA")).toMatch(/^354/);
    expect(await client.command(`Subject: spam\r\n\r\nbuy\r\n.`)).toMatch(/^554 .*looks like spam/);
    expect(server.messages).toHaveLength(0);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.answer).toEqual({ code: 554, message: "5.7.1 looks like spam" });
  });

  it("never greets when the greeting hangs, and still closes at once", async () => {
    const server = await start({ behaviour: { connect: "hang" } });
    const socket = connectTcp(server.port, "127.0.0.1");
    const chunks: string[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    socket.on("error", () => {});
    await until(() => server.openConnections === 1);
    await sleep(200);
    expect(chunks).toEqual([]);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await until(() => socket.closed);
  });

  it("keeps a message unanswered when DATA hangs", async () => {
    const server = await start({ behaviour: { data: () => "hang" } });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    await client.command("MAIL FROM:<a@example.net>");
    await client.command("RCPT TO:<b@example.net>");
    await client.command("DATA");
    client.socket.write(`${mime}\r\n.\r\n`);
    await until(() => server.received.length === 1);
    await sleep(100);
    expect(client.pending()).toBe("");
    expect(server.received[0]?.answer).toBe("hang");
    expect(server.messages).toHaveLength(0);
    await expect(server.waitForMessages(1, 100)).rejects.toThrow(/accepted 0 message\(s\) within 100 ms/);
  });

  it("drops every connection on request and keeps listening", async () => {
    const server = await start();
    const client = await SmtpClient.open(server.port);
    await server.dropConnections();
    await until(() => client.socket.closed);
    expect(server.openConnections).toBe(0);
    const again = await SmtpClient.open(server.port);
    expect(again.greeting).toMatch(/^220/);
    expect(server.connectionsOpened).toBe(2);
  });
});

/** A minimal line-based SMTP client over a raw socket, to talk to the fake without a library. */
class SmtpClient {
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

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
