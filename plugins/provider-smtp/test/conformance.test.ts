import type { SmtpServerInput } from "@smskit/core";
import { closedPort, type SmtpFakeOptions, startSmtpServer, testProvider } from "@smskit/testkit";
import smtpProvider from "../src/index.js";

/**
 * The suite runs on the published manifest. Its gateways name a central SMTP server, which
 * each target defines on the suite's own smskit (`prepare`) before the gateway is saved.
 */
function relay(port: number, server: Partial<SmtpServerInput> = {}) {
  const definition: SmtpServerInput = {
    name: "conformance-relay",
    host: "127.0.0.1",
    port,
    sender: "otp@example.net",
    ...server,
  };
  return {
    parameters: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIER: definition.name },
    recipient: "+491701234567",
    prepare: async (smskit: { saveSmtpServer(input: SmtpServerInput): Promise<unknown> }) => {
      await smskit.saveSmtpServer(definition);
    },
  };
}

async function target(fakeOptions: SmtpFakeOptions, server: Partial<SmtpServerInput> = {}) {
  const fake = await startSmtpServer(fakeOptions);
  return {
    ...relay(fake.port, server),
    delivered: () => fake.messages.length,
    openConnections: () => fake.openConnections,
    teardown: () => fake.close(),
  };
}

testProvider(smtpProvider, {
  working: () =>
    target(
      { tls: "starttls", auth: { username: "relay-user", password: "relay-pa55word" } },
      { tls: "starttls", verifyTls: false, username: "relay-user", password: "relay-pa55word" },
    ),
  unresponsive: () => target({ behaviour: { connect: "hang" } }),
  async unreachable() {
    return { ...relay(await closedPort()), teardown: async () => {} };
  },
  skip: {
    "secrets-not-echoed":
      "the SMTP provider has no secret parameter: the SMTP password lives in the central SMTP server definition; smtp-failures.test.ts checks that it never appears in errors, details or logs",
  },
});
