import { type FakeHttpServer, startHttpServer } from "@smskit/testkit";

/** The testkit's recording loopback server, answering each request with `{"id":"msg-<n>"}`. */
export async function startGatewayServer(): Promise<FakeHttpServer> {
  let count = 0;
  return startHttpServer({
    responder: () => {
      count++;
      return { body: { id: `msg-${count}` } };
    },
  });
}
