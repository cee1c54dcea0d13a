import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConformanceTarget, type FakeFcm, startFcmFake, testProvider } from "@smskit/testkit";
import { closedPort, type Destination, deviceToken, redirectedProvider } from "./firebase-harness.js";

/**
 * Where new firebase-admin apps connect to: set by each fixture before its gateway is saved
 * (every fixture writes a new key file, so it gets a new app and with it a new agent).
 */
let destination: Destination = { ca: "", route: () => ({ host: "127.0.0.1", port: 1 }) };

/** Start a fake, write a key file it trusts, aim new apps at it. */
async function target(configure?: (fake: FakeFcm) => void): Promise<ConformanceTarget> {
  const fake = await startFcmFake();
  configure?.(fake);
  destination = { ca: fake.ca, route: fake.route };
  const directory = await mkdtemp(join(tmpdir(), "smskit-firebase-conformance-"));
  const keyFile = join(directory, "service-account.json");
  await writeFile(keyFile, JSON.stringify(fake.serviceAccount()));
  return {
    parameters: { "JSON config file": keyFile },
    recipient: deviceToken,
    delivered: () => fake.sendRequests.filter((request) => request.authorized).length,
    openConnections: () => fake.openConnections,
    async teardown() {
      await fake.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

testProvider(
  redirectedProvider(() => destination),
  {
    working: () => target(),
    unresponsive: () => target((fake) => fake.respondToSend({ hang: true })),
    async unreachable() {
      const working = await target();
      const port = await closedPort();
      destination = { ca: destination.ca, route: () => ({ host: "127.0.0.1", port }) };
      return working;
    },
    skip: {
      "secrets-write-only":
        "apikey is a Firebase client API key: a public identifier built into every app, which applications must read back from the definition for the enrolment QR code, so it is not writeOnly",
      "secrets-not-echoed":
        "the provider has no writeOnly parameter — its secret, the private key, lives in the JSON config file; firebase-errors.test.ts asserts the key and the access token never reach errors or logs",
    },
  },
);
