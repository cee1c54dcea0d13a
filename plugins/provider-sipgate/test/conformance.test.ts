import { closedPort, startHttpServer, testProvider } from "@smskit/testkit";
import sipgateProvider from "../src/index.js";
import { xmlRpcSuccess } from "./sipgate-fakes.js";

const password = "conformance-pa55word-7f3a";

testProvider(sipgateProvider, {
  async working() {
    const server = await startHttpServer({ responder: xmlRpcSuccess("session-1") });
    return {
      parameters: { USERNAME: "alice", PASSWORD: password, URL: `${server.url}/RPC2` },
      recipient: "+491701234567",
      delivered: () => server.requests.length,
      openConnections: () => server.openConnections,
      teardown: () => server.close(),
    };
  },
  async unresponsive() {
    const server = await startHttpServer({ responder: { hang: true } });
    return {
      parameters: { USERNAME: "alice", PASSWORD: password, URL: `${server.url}/RPC2` },
      recipient: "+491701234567",
      delivered: () => server.requests.length,
      teardown: () => server.close(),
    };
  },
  async unreachable() {
    const port = await closedPort();
    return {
      parameters: { USERNAME: "alice", PASSWORD: password, URL: `http://127.0.0.1:${port}/RPC2` },
      recipient: "+491701234567",
      teardown: async () => {},
    };
  },
  secret: { parameter: "PASSWORD", value: password },
});
