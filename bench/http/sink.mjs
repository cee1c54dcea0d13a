// A loopback HTTP sink for the benchmark, run in its own process so that it does not share the
// event loop with the client being measured. Answers every request with 200 "OK", after
// `--delay` milliseconds (default 0). Reports its port to the parent over IPC.
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { delay: { type: "string", default: "0" } } });
const delayMs = Number(values.delay);

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const answer = () => {
      response.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
      response.end("OK");
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
