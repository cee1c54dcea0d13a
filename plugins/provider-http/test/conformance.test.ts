import { closedPort, type FakeHttpServer, startHttpServer, testProvider } from "@smskit/testkit";
import httpProvider from "../src/index.js";

/** A gateway target on a fresh recording server. */
async function target(server: FakeHttpServer, parameters: Record<string, unknown> = {}) {
  return {
    parameters: { URL: `${server.url}/send`, HTTP_METHOD: "POST", USERNAME: "conformance", ...parameters },
    options: { to: "{phone}", text: "{otp}" },
    headers: { "X-Client": "smskit-conformance" },
    recipient: "+4917012345678",
    delivered: () => server.requests.length,
    openConnections: () => server.openConnections,
    teardown: () => server.close(),
  };
}

testProvider(httpProvider, {
  working: async () => target(await startHttpServer({ responder: { body: "OK" } })),
  unresponsive: async () => target(await startHttpServer({ responder: { hang: true } }), { TIMEOUT: 30 }),
  unreachable: async () => {
    const port = await closedPort();
    return {
      parameters: { URL: `http://127.0.0.1:${port}/send`, HTTP_METHOD: "GET", USERNAME: "conformance" },
      options: { to: "{phone}", text: "{otp}" },
      recipient: "+4917012345678",
      teardown: async () => {},
    };
  },
  secret: { parameter: "PASSWORD", value: "conformance-Secret-9f3a" },
  sendTimeoutMs: 500,
});
