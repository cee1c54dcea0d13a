// Message-log benchmark: the full send pipeline with the message log on (a record per send,
// written behind the send path to the SQLite store in batches) against the log off, N messages
// each way at a fixed concurrency against a loopback sink (own process) that answers at once and
// after 20 ms; prints both rates and their ratio (goals >= 0.9 and >= 0.99).
// Run `pnpm --filter @smskit/bench bench:messages` (after building core and provider-http).
//
// Options: --messages N (default 20000), --concurrency C (default 64), --rounds R (default 5),
//          --delays 0,20
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { startSink } from "../http/start-sink.mjs";
import { compare, format, run } from "../measure.mjs";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    rounds: { type: "string", default: "5" },
    delays: { type: "string", default: "0,20" },
  },
});
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const delays = values.delays.split(",").map(Number);
const goals = new Map([
  [0, 0.9],
  [20, 0.99],
]);
const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "+4917012345678";

console.log(
  `Message-log benchmark: ${messages} messages per run, concurrency ${concurrency}, median of ${rounds} rounds, Node ${process.version}`,
);
const summary = [];
for (const delayMs of delays) {
  const sink = await startSink(delayMs);
  const directory = mkdtempSync(join(tmpdir(), "smskit-bench-"));
  try {
    const open = async (file, enabled) => {
      const store = await SqliteGatewayStore.open(join(directory, file));
      const smskit = await createSmskit({ store, providers: [httpProvider], messageLog: { enabled } });
      await smskit.saveGateway({
        name: "otp",
        provider: "http",
        parameters: { URL: `${sink.url}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
        options: { to: "{phone}", text: "{otp}" },
      });
      return smskit;
    };
    const without = await open("off.db", false);
    const logged = await open("on.db", true);
    const off = () => without.send("otp", recipient, text);
    const on = () => logged.send("otp", recipient, text);
    await run(off, Math.min(2000, messages), concurrency);
    await run(on, Math.min(2000, messages), concurrency);
    const { first: offRate, second: onRate } = await compare(
      off,
      on,
      { count: messages, parallel: concurrency, rounds },
      (round, offRound, onRound) =>
        console.log(
          `  sink ${delayMs} ms, round ${round + 1}: log off ${format(offRound.rate)}/s (${offRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), log on ${format(onRound.rate)}/s (${onRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), ratio ${(onRound.rate / offRound.rate).toFixed(3)}`,
        ),
    );
    const stored = (await logged.messages({ limit: 1 })).length;
    if (stored !== 1) throw new Error("the log kept no record");
    summary.push({
      delayMs,
      offRate: offRate.rate,
      onRate: onRate.rate,
      ratio: onRate.rate / offRate.rate,
      goal: goals.get(delayMs),
      offCpu: offRate.cpuMicroseconds,
      onCpu: onRate.cpuMicroseconds,
    });
    await without.close();
    await logged.close();
  } finally {
    sink.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
console.log("");
console.log("sink delay | log off msg/s | log on msg/s | ratio | goal            | CPU µs/msg off | on");
for (const row of summary) {
  const goal = row.goal === undefined ? "-" : `>= ${row.goal} ${row.ratio >= row.goal ? "met" : "NOT met"}`;
  console.log(
    `${`${row.delayMs} ms`.padEnd(10)} | ${format(row.offRate).padStart(13)} | ${format(row.onRate).padStart(12)} | ${row.ratio.toFixed(3)} | ${goal.padEnd(15)} | ${row.offCpu.toFixed(1).padStart(14)} | ${row.onCpu.toFixed(1)}`,
  );
}
console.log("(medians over the rounds; CPU is the client process's user+system time per message)");
