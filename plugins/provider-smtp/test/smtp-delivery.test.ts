import { ConfigurationError, createSmskit } from "@smskit/core";
import { startHttpServer, startSmtpServer } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import smtpProvider from "../src/index.js";
import { bodyOf, closeAll, closeLater, rejection, sender, setup, until } from "./smtp-fixtures.js";

afterEach(closeAll);

describe("smtp provider: delivery", () => {
  it("sends a plain mail from the server's sender to MAILTO with subject {phone} and body {otp}", async () => {
    const { fake, smskit } = await setup();

    const result = await smskit.send("mail", "+491701234567", "Your code is 123456");

    const [message] = await fake.waitForMessages(1);
    expect(message).toMatchObject({
      secure: false,
      username: undefined,
      mailFrom: sender,
      recipients: ["+491701234567@sms.example.net"],
      from: sender,
      to: "+491701234567@sms.example.net",
      subject: "+491701234567",
      attachments: 0,
      html: undefined,
    });
    expect(bodyOf(message)).toBe("Your code is 123456");
    expect(result).toMatchObject({
      gateway: "mail",
      provider: "smtp",
      to: "+491701234567",
      details: { smtpServer: "relay", mailTo: "+491701234567@sms.example.net" },
    });
    expect(result.details?.reply).toMatch(/^250 /);
    expect(message?.headers.get("message-id")).toBe(`<${result.messageId}>`);
  });

  it("renders MAILTO, SUBJECT and BODY with non-ASCII text, emoji and line breaks exactly", async () => {
    const { fake, smskit } = await setup({
      gateway: {
        MAILTO: "sms+{phone}@gateway.example.net",
        SUBJECT: "Grüße an {phone} 🎉",
        BODY: "Hallo {phone},\nIhr Code: {otp}\n\nÄÖÜ ß — 😀 «{otp}»",
        REGEXP: "/^\\+//",
      },
    });
    const text = 'Einmal-Passwort 123456 "übermorgen" & <b>fett</b> 👍';

    await smskit.send("mail", "+491701234567", text);

    const [message] = await fake.waitForMessages(1);
    expect(message?.recipients).toEqual(["sms+491701234567@gateway.example.net"]);
    expect(message?.to).toBe("sms+491701234567@gateway.example.net");
    expect(message?.subject).toBe("Grüße an 491701234567 🎉");
    expect(bodyOf(message)).toBe(`Hallo 491701234567,\nIhr Code: ${text}\n\nÄÖÜ ß — 😀 «${text}»`);
  });

  it("keeps a multi-line message's line breaks in the body and makes the subject one line", async () => {
    const { fake, smskit } = await setup({ gateway: { SUBJECT: "Code: {otp}" } });

    await smskit.send("mail", "123", "line one\nline two\r\nline three");

    const [message] = await fake.waitForMessages(1);
    expect(message?.subject).toBe("Code: line one line two line three");
    expect(bodyOf(message)).toBe("line one\nline two\nline three");
  });

  it("sends a body that names a file or a URL as text, reading and fetching nothing", async () => {
    const web = closeLater(await startHttpServer());
    const { fake, smskit } = await setup({
      gateway: { BODY: `{otp}\n/etc/passwd\nfile:///etc/passwd\n${web.url}/collect?phone={phone}` },
    });
    const text = `see ${web.url}/image.png and /etc/hostname`;

    await smskit.send("mail", "123", text);

    const [message] = await fake.waitForMessages(1);
    expect(bodyOf(message)).toBe(`${text}\n/etc/passwd\nfile:///etc/passwd\n${web.url}/collect?phone=123`);
    expect(message?.attachments).toBe(0);
    expect(message?.raw.toString("utf8")).not.toContain("root:");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(web.requests).toHaveLength(0);
    expect(web.connectionsOpened).toBe(0);
  });

  it.each([
    "PLAIN",
    "LOGIN",
  ] as const)("logs in with AUTH %s when the definition has a username", async (method) => {
    const { fake, smskit } = await setup({
      fake: { auth: { username: "relay-user", password: "relay-pa55", methods: [method] } },
      server: { username: "relay-user", password: "relay-pa55" },
    });

    await smskit.send("mail", "123", "hi");

    const [message] = await fake.waitForMessages(1);
    expect(message?.username).toBe("relay-user");
    expect(fake.logins).toEqual([
      { connection: 1, method, username: "relay-user", password: "relay-pa55", accepted: true },
    ]);
  });

  it("upgrades with STARTTLS and delivers when verification is off for a self-signed certificate", async () => {
    const { fake, smskit } = await setup({
      fake: { tls: "starttls", auth: { username: "u", password: "p" } },
      server: { tls: "starttls", verifyTls: false, username: "u", password: "p" },
    });

    await smskit.send("mail", "123", "over STARTTLS");

    const [message] = await fake.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(message?.username).toBe("u");
  });

  it("speaks implicit TLS and delivers when verification is off", async () => {
    const { fake, smskit } = await setup({
      fake: { tls: "tls" },
      server: { tls: "tls", verifyTls: false },
    });

    await smskit.send("mail", "123", "over TLS");

    const [message] = await fake.waitForMessages(1);
    expect(message?.secure).toBe(true);
  });

  it("does not upgrade a plain (tls none) server even when it offers STARTTLS", async () => {
    const { fake, smskit } = await setup({ fake: { tls: "starttls" }, server: { tls: "none" } });

    await smskit.send("mail", "123", "plain");

    const [message] = await fake.waitForMessages(1);
    expect(message?.secure).toBe(false);
  });

  it("reuses one pooled connection for several sends", async () => {
    const { fake, smskit } = await setup();

    for (let index = 0; index < 5; index++) await smskit.send("mail", `10${index}`, `message ${index}`);

    await fake.waitForMessages(5);
    expect(fake.connectionsOpened).toBe(1);
    expect(new Set(fake.messages.map((message) => message.connection))).toEqual(new Set([1]));
    expect(fake.openConnections).toBe(1);
  });

  it("sends concurrent messages over a few pooled connections, never one per message", async () => {
    const { fake, smskit } = await setup();

    await Promise.all(Array.from({ length: 20 }, (_, index) => smskit.send("mail", `${index}`, "x")));

    await fake.waitForMessages(20);
    expect(fake.connectionsOpened).toBeLessThanOrEqual(5);
  });

  it("sends through the new server after the SMTP server definition changes", async () => {
    const { fake, smskit } = await setup();
    await smskit.send("mail", "1", "to the first server");
    await fake.waitForMessages(1);
    const second = closeLater(await startSmtpServer());

    await smskit.saveSmtpServer({
      name: "relay",
      host: "127.0.0.1",
      port: second.port,
      sender: "new@example.net",
    });
    await smskit.send("mail", "2", "to the second server");

    const [message] = await second.waitForMessages(1);
    expect(message?.mailFrom).toBe("new@example.net");
    expect(fake.messages).toHaveLength(1);
    await until(() => fake.openConnections === 0);
  });

  it("closes its pooled connections when smskit closes", async () => {
    const { fake, smskit } = await setup();
    await smskit.send("mail", "1", "hi");
    expect(fake.openConnections).toBe(1);

    await smskit.close();

    await until(() => fake.openConnections === 0, 2000);
  });

  it("passes the deep check (connect, TLS, login) of checkGateway without sending", async () => {
    const { fake, smskit } = await setup({
      fake: { tls: "starttls", auth: { username: "u", password: "p" } },
      server: { tls: "starttls", verifyTls: false, username: "u", password: "p" },
    });

    await smskit.checkGateway("mail");

    expect(fake.logins.map((login) => login.accepted)).toEqual([true]);
    expect(fake.received).toHaveLength(0);
  });
});

describe("smtp provider: gateway definitions", () => {
  it("refuses a gateway naming an SMTP server that is not defined", async () => {
    const smskit = closeLater(await createSmskit({ providers: [smtpProvider] }));

    const error = await rejection(
      smskit.saveGateway({
        name: "mail",
        provider: "smtp",
        parameters: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIER: "nowhere" },
      }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe("SMSKIT_E_GATEWAY_INVALID");
    expect((error as ConfigurationError).issues).toEqual([
      expect.objectContaining({ key: "SMTPIDENTIFIER", message: expect.stringContaining("'nowhere'") }),
    ]);
  });

  it("accepts privacyIDEA's SMTPIDENTIFIED for SMTPIDENTIFIER and applies the defaults", async () => {
    const { smskit, fake } = await setup();
    const saved = await smskit.saveGateway({
      name: "legacy",
      provider: "smtp",
      parameters: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIED: "relay" },
    });
    expect(saved.parameters).toMatchObject({ SMTPIDENTIFIER: "relay" });

    await smskit.send("legacy", "555", "legacy text");

    const [message] = await fake.waitForMessages(1);
    expect(message?.subject).toBe("555");
    expect(bodyOf(message)).toBe("legacy text");
  });

  it("is found under privacyIDEA's module path and declares no options or headers", () => {
    expect(smtpProvider.legacyNames).toEqual(["privacyidea.lib.smsprovider.SmtpSMSProvider.SmtpSMSProvider"]);
    expect(smtpProvider.kind).toBe("sms");
    expect(smtpProvider.optionsAllowed).toBe(false);
    expect(smtpProvider.headersAllowed).toBe(false);
  });

  it.each([
    ["nobody", "not an address of the form local@domain"],
    ["a@b.example, c@d.example", "not one plain address"],
    ["Name <{phone}@x.example>", "not one plain address"],
  ])("refuses MAILTO %j when saved", async (mailto, reason) => {
    const { smskit } = await setup();
    const error = (await rejection(
      smskit.saveGateway({
        name: "bad",
        provider: "smtp",
        parameters: { MAILTO: mailto, SMTPIDENTIFIER: "relay" },
      }),
    )) as ConfigurationError;
    expect(error.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    expect(error.issues).toEqual([
      expect.objectContaining({ key: "MAILTO", message: expect.stringContaining(reason) }),
    ]);
  });

  it("says so when the SMTP server vanished from the store behind smskit's back, and recovers once it is back", async () => {
    const { smskit, fake } = await setup();
    await smskit.store.deleteSmtpServer("relay");

    const error = (await rejection(smskit.send("mail", "1", "hi"))) as ConfigurationError;

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe("SMSKIT_E_GATEWAY_INVALID");
    expect(error.issues).toEqual([
      expect.objectContaining({ key: "SMTPIDENTIFIER", message: expect.stringContaining("'relay'") }),
    ]);
    await smskit.saveSmtpServer({ name: "relay", host: "127.0.0.1", port: fake.port, sender });
    await smskit.send("mail", "1", "hi");
    await fake.waitForMessages(1);
  });
});
