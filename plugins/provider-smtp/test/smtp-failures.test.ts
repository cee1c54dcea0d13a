import { CENSORED, SmsError } from "@smskit/core";
import { closedPort } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { bodyOf, closeAll, rejection, setup, until } from "./smtp-fixtures.js";

afterEach(closeAll);

/** Send through the gateway `mail` and return the SmsError it fails with. */
async function failure(promise: Promise<unknown>): Promise<SmsError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(SmsError);
  return error as SmsError;
}

describe("smtp provider: failures", () => {
  it("reports a refused connection as retry-safe", async () => {
    const port = await closedPort();
    const { smskit } = await setup({ server: { port } });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_CONNECTION_REFUSED");
    expect(error.gateway).toBe("mail");
    expect(error.provider).toBe("smtp");
    expect(error.retrySafe).toBe(true);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain(`SMTP server 'relay' (127.0.0.1:${port}) refused the connection`);
  });

  it("reports a greeting that refuses the session as a refused connection, with the reply", async () => {
    const { smskit } = await setup({
      fake: { behaviour: { connect: { code: 554, message: "5.7.1 no service for you" } } },
    });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_CONNECTION_REFUSED");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain("554 5.7.1 no service for you");
    expect(error.details).toMatchObject({ smtpServer: "relay", responseCode: 554 });
  });

  it("reports a refused login with the server's reply, the password censored", async () => {
    const password = "wr0ng-pa55word-91c";
    const { fake, smskit, logged } = await setup({
      fake: {
        auth: {
          username: "relay-user",
          password: "right",
          failureMessage: ({ username, password: given }) => `5.7.8 bad credentials ${username}:${given}`,
        },
      },
      server: { username: "relay-user", password },
    });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_AUTH_FAILED");
    expect(error.retrySafe).toBe(true);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain(`535 5.7.8 bad credentials relay-user:${CENSORED}`);
    expect(error.message).toContain("user 'relay-user'");
    for (const output of [error.message, JSON.stringify(error), JSON.stringify(error.details), ...logged]) {
      expect(output).not.toContain(password);
      expect(output).not.toContain(Buffer.from(password).toString("base64"));
    }
    expect(fake.received).toHaveLength(0);
  });

  it("reports a server that requires a login the definition does not give as an auth failure", async () => {
    const { smskit } = await setup({ fake: { auth: { username: "u", password: "p" } } });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_AUTH_FAILED");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toContain("requires a login");
    expect(error.message).toMatch(/530/);
  });

  it("reports the deep check's refused login the same way", async () => {
    const { smskit } = await setup({
      fake: { auth: { username: "u", password: "p" } },
      server: { username: "u", password: "not-p" },
    });

    const error = await rejection(smskit.checkGateway("mail"));

    expect(error).toBeInstanceOf(SmsError);
    expect((error as SmsError).code).toBe("SMSKIT_E_SMTP_AUTH_FAILED");
  });

  it("reports a refused recipient with the server's reply; not retry-safe, not unknown", async () => {
    const { fake, smskit } = await setup({
      fake: { behaviour: { recipient: () => ({ code: 550, message: "5.1.1 mailbox unavailable" }) } },
    });

    const error = await failure(smskit.send("mail", "+49170", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_RECIPIENT_REFUSED");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain("<+49170@sms.example.net>");
    expect(error.message).toContain("550 5.1.1 mailbox unavailable");
    expect(error.details).toMatchObject({ command: "RCPT TO", reply: "550 5.1.1 mailbox unavailable" });
    expect(fake.received).toHaveLength(0);
  });

  it("reports a refused sender", async () => {
    const { smskit } = await setup({
      fake: { behaviour: { mailFrom: () => ({ code: 553, message: "5.7.1 sender not allowed" }) } },
    });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_SENDER_REFUSED");
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain("<otp@example.net>");
    expect(error.message).toContain("553 5.7.1 sender not allowed");
  });

  it("reports a message refused after DATA", async () => {
    const { smskit } = await setup({
      fake: { behaviour: { data: () => ({ code: 554, message: "5.6.0 content rejected" }) } },
    });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_MESSAGE_REFUSED");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(false);
    expect(error.message).toContain("554 5.6.0 content rejected");
  });

  it("reports a server that never greets as a timeout within the definition's timeout", async () => {
    const { smskit } = await setup({ fake: { behaviour: { connect: "hang" } }, server: { timeout: 0.5 } });
    const started = performance.now();

    const error = await failure(smskit.send("mail", "123", "hi", { timeoutMs: 10_000 }));

    expect(performance.now() - started).toBeLessThan(500 + 1500);
    expect(error.code).toBe("SMSKIT_E_SMTP_TIMEOUT");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(true);
    expect(error.message).toContain("did not answer within 0.5 s");
  });

  it("reports a server that never answers the message as a timeout, delivery unknown", async () => {
    const { fake, smskit } = await setup({
      fake: { behaviour: { data: () => "hang" } },
      server: { timeout: 0.5 },
    });
    const started = performance.now();

    const error = await failure(smskit.send("mail", "123", "hi", { timeoutMs: 10_000 }));

    expect(performance.now() - started).toBeLessThan(500 + 1500);
    expect(error.code).toBe("SMSKIT_E_SMTP_TIMEOUT");
    expect(error.deliveryUnknown).toBe(true);
    expect(fake.received).toHaveLength(1);
  });

  it("reports a connection that breaks during the message as lost, delivery unknown", async () => {
    const { fake, smskit } = await setup({ fake: { behaviour: { data: () => "hang" } } });

    const sending = failure(smskit.send("mail", "123", "hi"));
    await until(() => fake.received.length === 1);
    await fake.dropConnections();
    const error = await sending;

    expect(error.code).toBe("SMSKIT_E_SMTP_CONNECTION_LOST");
    expect(error.retrySafe).toBe(false);
    expect(error.deliveryUnknown).toBe(true);
  });

  it("refuses a self-signed certificate with STARTTLS when verification is on", async () => {
    const { fake, smskit } = await setup({
      fake: { tls: "starttls" },
      server: { tls: "starttls", verifyTls: true },
    });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_TLS");
    expect(error.retrySafe).toBe(true);
    expect(error.message).toMatch(/self[- ]signed/);
    expect(error.message).toContain("verifyTls");
    expect(fake.received).toHaveLength(0);
  });

  it("refuses a self-signed certificate with implicit TLS when verification is on", async () => {
    const { fake, smskit } = await setup({ fake: { tls: "tls" }, server: { tls: "tls", verifyTls: true } });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_TLS");
    expect(error.message).toMatch(/self[- ]signed/);
    expect(fake.received).toHaveLength(0);
  });

  it("refuses to send in clear text when STARTTLS is required but not offered", async () => {
    const { fake, smskit } = await setup({ fake: { tls: "none" }, server: { tls: "starttls" } });

    const error = await failure(smskit.send("mail", "123", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_TLS");
    expect(error.message).toContain("STARTTLS");
    expect(fake.received).toHaveLength(0);
  });

  it("reports implicit TLS against a plain server as a TLS failure", async () => {
    const { smskit } = await setup({ fake: { tls: "none" }, server: { tls: "tls", timeout: 1 } });

    const error = await failure(smskit.send("mail", "123", "hi", { timeoutMs: 10_000 }));

    expect(error.code).toBe("SMSKIT_E_SMTP_TLS");
    expect(error.retrySafe).toBe(true);
  });

  it("refuses a recipient that does not render to one address, sending nothing", async () => {
    const { fake, smskit } = await setup();

    const error = await failure(smskit.send("mail", "123@evil.example, 456", "hi"));

    expect(error.code).toBe("SMSKIT_E_SMTP_RECIPIENT_INVALID");
    expect(error.retrySafe).toBe(true);
    expect(fake.connectionsOpened).toBe(0);
  });
});

describe("smtp provider: abort and deadline", () => {
  it("stops waiting at once when the caller aborts, cuts the hanging connection, and sends the next message", async () => {
    const { fake, smskit } = await setup({ fake: { behaviour: { data: () => "hang" } } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();

    const error = await failure(smskit.send("mail", "123", "first", { signal: controller.signal }));

    expect(performance.now() - started).toBeLessThan(100 + 1500);
    expect(error.code).toBe("SMSKIT_E_SEND_ABORTED");
    expect(error.deliveryUnknown).toBe(true);
    await until(() => fake.openConnections === 0, 2000);

    fake.setBehaviour({});
    await smskit.send("mail", "456", "second");
    const [message] = await fake.waitForMessages(1);
    expect(bodyOf(message)).toBe("second");
    expect(message?.connection).toBe(2);
  });

  it("gives up at the pipeline deadline and cuts the hanging connection", async () => {
    const { fake, smskit } = await setup({ fake: { behaviour: { connect: "hang" } } });
    const started = performance.now();

    const error = await failure(smskit.send("mail", "123", "hi", { timeoutMs: 300 }));

    expect(performance.now() - started).toBeLessThan(300 + 1500);
    expect(error.code).toBe("SMSKIT_E_SEND_TIMEOUT");
    await until(() => fake.openConnections === 0, 2000);
  });

  it("lets other sends on the same pool finish when one of them is aborted", async () => {
    const { fake, smskit } = await setup({
      fake: { behaviour: { data: (message) => (message.subject === "slow" ? "hang" : "accept") } },
      gateway: { SUBJECT: "{otp}" },
    });
    const controller = new AbortController();
    const slow = failure(smskit.send("mail", "1", "slow", { signal: controller.signal }));
    await until(() => fake.received.length === 1);
    const fast = smskit.send("mail", "2", "fast");

    controller.abort();

    expect((await slow).code).toBe("SMSKIT_E_SEND_ABORTED");
    await expect(fast).resolves.toMatchObject({ gateway: "mail" });
    expect(fake.messages.map((message) => message.subject)).toEqual(["fast"]);
  });

  it("moves messages still queued in an abandoned pool to a fresh pool once, so they are not lost", async () => {
    const { fake, smskit } = await setup({
      fake: { behaviour: { data: (message) => (message.subject === "slow" ? "hang" : "accept") } },
      gateway: { SUBJECT: "{otp}" },
    });
    const controller = new AbortController();
    const slow = Array.from({ length: 5 }, (_, index) =>
      failure(smskit.send("mail", `${index}`, "slow", { signal: controller.signal })),
    );
    await until(() => fake.received.length === 5);
    const queued = smskit.send("mail", "9", "queued");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.connectionsOpened).toBe(5);

    controller.abort();

    for (const error of await Promise.all(slow)) expect(error.code).toBe("SMSKIT_E_SEND_ABORTED");
    await expect(queued).resolves.toMatchObject({ gateway: "mail" });
    expect(fake.messages.map((message) => message.subject)).toEqual(["queued"]);
    await until(() => fake.openConnections === 1);
  });
});
