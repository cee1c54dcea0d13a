import type { AnyProviderManifest, SmtpServerDefinition } from "@smskit/core";
import { conformanceChecks, type SmtpFakeOptions, startSmtpServer, testProvider } from "@smskit/testkit";
import { describe, it } from "vitest";
import smtpProvider from "../src/index.js";
import { unusedPort } from "./smtp-fixtures.js";

/**
 * The conformance suite saves its gateway on a fresh smskit of its own, where no SMTP server
 * can be defined beforehand, so core's save-time check of SMTPIDENTIFIER (x-reference) would
 * refuse every gateway. The suite therefore runs on a copy of the manifest that differs in
 * exactly two ways: SMTPIDENTIFIER carries no x-reference, and `context.smtpServer` answers
 * from the definitions the fixtures below register. The provider's code (rendering, pool,
 * error mapping, abort, close) is the real one and talks to a real SMTP server on loopback.
 * The manifest checks also run on the real manifest, below.
 */
const definitions = new Map<string, SmtpServerDefinition>();

const { "x-reference": _reference, ...identifier } = smtpProvider.parameters.properties.SMTPIDENTIFIER;

const conformanceManifest: AnyProviderManifest = {
  ...smtpProvider,
  parameters: {
    ...smtpProvider.parameters,
    properties: { ...smtpProvider.parameters.properties, SMTPIDENTIFIER: identifier },
  },
  create: (config, context) =>
    smtpProvider.create(config as Parameters<typeof smtpProvider.create>[0], {
      ...context,
      smtpServer: async (name) => definitions.get(name) ?? context.smtpServer(name),
    }),
};

let serial = 0;

/** Register an SMTP server definition for `port` under a fresh name; returns the gateway parameters. */
function gatewayFor(port: number, server: Partial<SmtpServerDefinition> = {}): Record<string, unknown> {
  serial++;
  const name = `conformance-relay-${serial}`;
  definitions.set(name, {
    name,
    host: "127.0.0.1",
    port,
    tls: "none",
    verifyTls: true,
    username: "",
    password: "",
    sender: "otp@example.net",
    timeout: 10,
    description: "",
    revision: 1,
    updatedAt: new Date(0).toISOString(),
    ...server,
  });
  return { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIER: name };
}

async function target(fakeOptions: SmtpFakeOptions, server: Partial<SmtpServerDefinition> = {}) {
  const fake = await startSmtpServer(fakeOptions);
  return {
    parameters: gatewayFor(fake.port, server),
    recipient: "+491701234567",
    delivered: () => fake.messages.length,
    openConnections: () => fake.openConnections,
    teardown: () => fake.close(),
  };
}

testProvider(conformanceManifest, {
  working: () =>
    target(
      { tls: "starttls", auth: { username: "relay-user", password: "relay-pa55word" } },
      { tls: "starttls", verifyTls: false, username: "relay-user", password: "relay-pa55word" },
    ),
  unresponsive: () => target({ behaviour: { connect: "hang" } }),
  async unreachable() {
    return {
      parameters: gatewayFor(await unusedPort()),
      recipient: "+491701234567",
      teardown: async () => {},
    };
  },
  skip: {
    "secrets-not-echoed":
      "the SMTP provider has no secret parameter: the SMTP password lives in the central SMTP server definition; smtp-failures.test.ts checks that it never appears in errors, details or logs",
  },
});

describe("conformance checks on the published manifest", () => {
  for (const check of ["manifest", "descriptions", "secrets-write-only"] as const) {
    it(check, () =>
      conformanceChecks[check](smtpProvider, { working: () => Promise.reject(new Error("unused")) }),
    );
  }
});
