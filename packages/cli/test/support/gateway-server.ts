import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake gateway received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/** A fake SMS gateway on 127.0.0.1 that records requests and answers as told. */
export interface GatewayServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The status and body of the next answers (default 200 and `{"id":"msg-<n>"}`). */
  answerWith(status: number, body: string): void;
  close(): Promise<void>;
}

/** Start the fake gateway on a free loopback port. */
export async function startGatewayServer(): Promise<GatewayServer> {
  const requests: ReceivedRequest[] = [];
  let answer: { status: number; body: string } | undefined;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({ method: request.method ?? "", url: request.url ?? "", body });
    response.statusCode = answer?.status ?? 200;
    response.setHeader("content-type", "application/json");
    response.end(answer?.body ?? JSON.stringify({ id: `msg-${requests.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    answerWith(status, body) {
      answer = { status, body };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
