import { createServer } from "node:net";

/** A loopback port nothing listens on (it was free a moment ago): a connection to it is refused. */
export function closedPort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
