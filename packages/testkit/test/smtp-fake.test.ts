import { connect as connectTcp } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, mime, SmtpClient, sleep, start, until } from "./smtp-client.js";

afterEach(closeAll);

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
