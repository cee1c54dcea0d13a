// SMPP provider benchmark, three ways to the same SMSC (the testkit simulator in its own process,
// answering every submit at once), in one run:
//   pipeline     N messages through smskit's full send pipeline (createSmskit with the SQLite
//                store in a temp dir, saveGateway, send) with the smpp provider: one session,
//                WINDOW outstanding submits;
//   raw session  the same N as submit_sm over one bare `smpp` session with the same window,
//                the text pre-encoded (the least work a client can do);
//   per message  privacyIDEA's pattern: connect, bind, submit, unbind, close for every message,
//                one message after the other (what one privacyIDEA worker does);
//   per message ×W  the same with WINDOW such sends at a time (several workers), for comparison.
// Prints the rates and the ratios pipeline/raw (goal >= 0.8) and pipeline/per-message (goal >= 15).
// Run `pnpm --filter @smskit/bench bench:smpp` (after building core, testkit and provider-smpp).
//
// Options: --messages N (default 20000), --per-message N (default 1000), --concurrency C
//          (sends offered at once, default 64), --window W (default 10), --rounds R (default 5)
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import smppProvider from "@smskit/provider-smpp";
import smpp from "smpp";
import { format, median, run } from "../measure.mjs";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    "per-message": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "64" },
    window: { type: "string", default: "10" },
    rounds: { type: "string", default: "5" },
  },
});
const messages = Number(values.messages);
const perMessageCount = Number(values["per-message"]);
const concurrency = Number(values.concurrency);
const window = Number(values.window);
const rounds = Number(values.rounds);
const goals = { raw: 0.8, perMessage: 15 };

const here = dirname(fileURLToPath(import.meta.url));
const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "4917012345678";
const credentials = { system_id: "bench", password: "benchpw" };
// The text is plain ASCII letters, digits, spaces and dots: the same bytes in GSM 03.38.
const submitFields = {
  source_addr: "smskit",
  destination_addr: recipient,
  data_coding: 0,
  short_message: Buffer.from(text, "ascii"),
};

console.log(
  `SMPP provider benchmark: ${messages} messages per run (per-message pattern: ${perMessageCount}), ${concurrency} sends offered at once, window ${window}, median of ${rounds} rounds, Node ${process.version}`,
);
const smsc = await startSmsc();
const directory = mkdtempSync(join(tmpdir(), "smskit-bench-smpp-"));
try {
  const store = await SqliteGatewayStore.open(join(directory, "gateways.db"));
  const smskit = await createSmskit({ store, providers: [smppProvider] });
  await smskit.saveGateway({
    name: "bench",
    provider: "smpp",
    parameters: {
      SMSC_HOST: "127.0.0.1",
      SMSC_PORT: smsc.port,
      SYSTEM_ID: credentials.system_id,
      PASSWORD: credentials.password,
      S_ADDR: "smskit",
      WINDOW: window,
    },
  });
  const raw = await openSession(smsc.port);
  const rawWindow = submitWindow(window);

  const paths = {
    pipeline: { count: messages, parallel: concurrency, send: () => smskit.send("bench", recipient, text) },
    raw: {
      count: messages,
      parallel: concurrency,
      send: async () => {
        const release = await rawWindow();
        try {
          await submit(raw);
        } finally {
          release();
        }
      },
    },
    perMessage: { count: perMessageCount, parallel: 1, send: sendOnOwnSession },
    perMessageParallel: { count: perMessageCount, parallel: window, send: sendOnOwnSession },
  };

  // Warm up every path (JIT, the session, the instance cache).
  for (const path of Object.values(paths)) await run(path.send, Math.min(10_000, path.count), path.parallel);
  await smsc.reset();

  const order = Object.keys(paths);
  const rates = Object.fromEntries(order.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const line = [];
    // Rotate the order so that no path always runs on a warmer (or busier) machine.
    const shift = round % order.length;
    for (const name of [...order.slice(shift), ...order.slice(0, shift)]) {
      const path = paths[name];
      const result = await run(path.send, path.count, path.parallel);
      const seen = await smsc.reset();
      if (seen.messages !== path.count)
        throw new Error(`${name}: the SMSC completed ${seen.messages} of ${path.count}`);
      if (seen.maxOutstanding > window) {
        throw new Error(
          `${name}: ${seen.maxOutstanding} submits outstanding, more than the window ${window}`,
        );
      }
      rates[name].push(result.rate);
      line.push(
        `${name} ${format(result.rate)}/s (${result.cpuMicroseconds.toFixed(1)} µs CPU/msg, ${seen.binds} binds)`,
      );
    }
    console.log(`  round ${round + 1}: ${line.join(", ")}`);
  }
  await smskit.close();
  await unbindAndClose(raw);

  const pipelineRate = median(rates.pipeline);
  const rawRatio = pipelineRate / median(rates.raw);
  const perMessageRatio = pipelineRate / median(rates.perMessage);
  const parallelRatio = pipelineRate / median(rates.perMessageParallel);
  const labels = {
    pipeline: "smskit pipeline (one session, window)",
    raw: "raw smpp session (same window)",
    perMessage: "per message, one at a time",
    perMessageParallel: `per message, ${window} at a time`,
  };
  console.log("");
  console.log(`${"path".padEnd(40)}| msg/s (median)`);
  for (const name of order)
    console.log(`${labels[name].padEnd(40)}| ${format(median(rates[name])).padStart(8)}`);
  console.log("");
  console.log(
    `pipeline / raw session:            ${rawRatio.toFixed(3)}  (goal >= ${goals.raw}: ${verdict(rawRatio >= goals.raw)})`,
  );
  console.log(
    `pipeline / per message:            ${perMessageRatio.toFixed(1)}  (goal >= ${goals.perMessage}: ${verdict(perMessageRatio >= goals.perMessage)})`,
  );
  console.log(`pipeline / per message, ${window} at a time: ${parallelRatio.toFixed(1)}`);
  console.log("(medians over the rounds; CPU is the client process's user+system time per message)");
} finally {
  smsc.stop();
  rmSync(directory, { recursive: true, force: true });
}

/** privacyIDEA's pattern: a connection and a bind for one submit, then unbind and close. */
async function sendOnOwnSession() {
  const session = await openSession(smsc.port);
  await submit(session);
  await unbindAndClose(session);
}

function verdict(met) {
  return met ? "met" : "NOT met";
}

/** Connect and bind as transmitter over a bare `smpp` session (Nagle off, as the provider does). */
function openSession(port) {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host: "127.0.0.1", port });
    session.once("error", reject);
    session.once("connect", () => {
      session.socket.setNoDelay(true);
      session.bind_transmitter({ ...credentials, interface_version: 0x34 }, (response) => {
        if (response.command_status === 0) resolve(session);
        else reject(new Error(`bind refused: ${response.command_status}`));
      });
    });
  });
}

function submit(session) {
  return new Promise((resolve, reject) => {
    session.submit_sm({ ...submitFields }, (response) => {
      if (response.command_status === 0) resolve(response.message_id);
      else reject(new Error(`submit refused: ${response.command_status}`));
    });
  });
}

function unbindAndClose(session) {
  return new Promise((resolve) => {
    session.unbind(() => session.close(resolve));
  });
}

/** A counting semaphore: resolves with a release function once fewer than `size` are held. */
function submitWindow(size) {
  let held = 0;
  const waiting = [];
  const release = () => {
    held--;
    const next = waiting.shift();
    if (next) {
      held++;
      next(release);
    }
  };
  return () =>
    new Promise((resolve) => {
      if (held < size) {
        held++;
        resolve(release);
      } else {
        waiting.push(resolve);
      }
    });
}

/** Start the simulator in its own process. */
function startSmsc() {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, "smsc.mjs"), [], { stdio: "inherit" });
    child.once("error", reject);
    child.once("message", ({ port }) =>
      resolve({
        port,
        reset: () =>
          new Promise((done) => {
            child.once("message", done);
            child.send("reset");
          }),
        stop: () => child.disconnect(),
      }),
    );
  });
}
