// HTTP provider benchmark: N messages through smskit's full send pipeline (createSmskit with the
// SQLite store, saveGateway, send) at a fixed concurrency against a loopback sink, and the same N
// requests through a bare undici Pool of the same size to the same sink, in the same run.
// Prints both rates and their ratio, for a sink that answers at once and one that answers after
// 20 ms. Run `pnpm --filter @smskit/bench bench:http` (after building core and provider-http).
//
// Options: --messages N (default 20000), --concurrency C (default 64), --rounds R (default 5),
//          --delays 0,20 (sink delays in ms)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider, { connectionsPerGateway } from "@smskit/provider-http";
import { Pool } from "undici";
import { compare, format, run } from "../measure.mjs";
import { startSink } from "./start-sink.mjs";

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
  [0, 0.8],
  [20, 0.95],
]);

const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "+4917012345678";

console.log(
  `HTTP provider benchmark: ${messages} messages per run, concurrency ${concurrency}, pool of ${connectionsPerGateway} connections, median of ${rounds} rounds, Node ${process.version}`,
);
const summary = [];
for (const delayMs of delays) {
  const sink = await startSink(delayMs);
  const directory = mkdtempSync(join(tmpdir(), "smskit-bench-"));
  try {
    const store = await SqliteGatewayStore.open(join(directory, "gateways.db"));
    const smskit = await createSmskit({ store, providers: [httpProvider] });
    await smskit.saveGateway({
      name: "bench",
      provider: "http",
      parameters: { URL: `${sink.url}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
      options: { to: "{phone}", text: "{otp}" },
    });
    const pool = new Pool(sink.url, { connections: connectionsPerGateway });
    const body = new URLSearchParams({ to: recipient, text }).toString();
    const pipelineSend = () => smskit.send("bench", recipient, text);
    const bareSend = async () => {
      const response = await pool.request({
        path: "/send",
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      const answer = await response.body.text();
      if (response.statusCode !== 200 || !answer.includes("OK")) throw new Error("the sink failed");
    };
    // Warm up both paths (JIT, connections, the instance cache).
    await run(pipelineSend, Math.min(2000, messages), concurrency);
    await run(bareSend, Math.min(2000, messages), concurrency);
    const { first: bare, second: pipeline } = await compare(
      bareSend,
      pipelineSend,
      { count: messages, parallel: concurrency, rounds },
      (round, bareRound, pipelineRound) =>
        console.log(
          `  sink ${delayMs} ms, round ${round + 1}: bare undici ${format(bareRound.rate)}/s (${bareRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), smskit pipeline ${format(pipelineRound.rate)}/s (${pipelineRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), ratio ${(pipelineRound.rate / bareRound.rate).toFixed(3)}`,
        ),
    );
    summary.push({
      delayMs,
      bareRate: bare.rate,
      pipelineRate: pipeline.rate,
      ratio: pipeline.rate / bare.rate,
      bareCpu: bare.cpuMicroseconds,
      pipelineCpu: pipeline.cpuMicroseconds,
      goal: goals.get(delayMs),
    });
    await smskit.close();
    await pool.close();
  } finally {
    sink.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
console.log("");
console.log(
  "sink delay | bare undici msg/s | smskit pipeline msg/s | ratio | goal          | CPU µs/msg bare | pipeline",
);
for (const row of summary) {
  const goal = row.goal === undefined ? "-" : `>= ${row.goal} ${row.ratio >= row.goal ? "met" : "NOT met"}`;
  console.log(
    `${`${row.delayMs} ms`.padEnd(10)} | ${format(row.bareRate).padStart(17)} | ${format(row.pipelineRate).padStart(21)} | ${row.ratio.toFixed(3)} | ${goal.padEnd(13)} | ${row.bareCpu.toFixed(1).padStart(15)} | ${row.pipelineCpu.toFixed(1)}`,
  );
}
console.log("(medians over the rounds; CPU is the client process's user+system time per message)");
