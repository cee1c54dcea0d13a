import { type ConformanceFixtures, type HttpResponder, startHttpServer, testProvider } from "@smskit/testkit";
import { provider } from "../src/index.js";

/** A loopback server answering as told: what the provider talks to in the suite. */
async function serve(reply: HttpResponder) {
  const server = await startHttpServer({ responder: reply });
  return {
    parameters: { URL: `${server.url}/send`, TIMEOUT: 10 },
    recipient: "+4915112345678",
    delivered: () => server.requests.length,
    openConnections: () => server.openConnections,
    teardown: () => server.close(),
  };
}

const fixtures: ConformanceFixtures = {
  working: () => serve({ body: { accepted: true } }),
  unresponsive: () => serve({ hang: true }),
  async unreachable() {
    const server = await startHttpServer();
    await server.close(); // nothing listens on this port any more
    return {
      parameters: { URL: `${server.url}/send` },
      recipient: "+4915112345678",
      teardown: async () => {},
    };
  },
  secret: { parameter: "API_KEY", value: "acme-conformance-secret-41d8" },
};

// The checks every smskit provider passes: manifest, secrets never shown, timeouts, close, …
testProvider(provider, fixtures);
