// Start the loopback HTTP sink (sink.mjs) in its own process, answering after `delayMs`.
import { fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Start the sink; resolves with its base URL and a function that stops it. */
export function startSink(delayMs) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, "sink.mjs"), ["--delay", String(delayMs)], { stdio: "inherit" });
    child.once("error", reject);
    child.once("message", ({ port }) =>
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() }),
    );
  });
}
