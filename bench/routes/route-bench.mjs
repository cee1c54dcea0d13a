// Routes benchmark, two parts in one run:
// 1. A failover route whose first gateway is healthy, against sending to that gateway directly:
//    N messages each way at a fixed concurrency against a loopback sink (own process) that answers
//    at once and after 20 ms; prints both rates and their ratio (goals >= 0.95 and >= 0.99).
// 2. Rate-limiter accuracy: 1,000 sends through a gateway limited to 200/s, once its burst is
//    spent, take 5 s ± 5 %.
// Run `pnpm --filter @smskit/bench bench:routes` (after building core and provider-http).
//
// Options: --messages N (default 20000), --concurrency C (default 64), --rounds R (default 5),
//          --delays 0,20, --limit 200 (per second), --limited 1000 (messages)
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
    limit: { type: "string", default: "200" },
    limited: { type: "string", default: "1000" },
  },
});
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const delays = values.delays.split(",").map(Number);
const limit = Number(values.limit);
const limited = Number(values.limited);
const goals = new Map([
  [0, 0.95],
  [20, 0.99],
]);
const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "+4917012345678";

console.log(
  `Routes benchmark: ${messages} messages per run, concurrency ${concurrency}, median of ${rounds} rounds, Node ${process.version}`,
);
const summary = [];
let limiter;
for (const delayMs of delays) {
  const sink = await startSink(delayMs);
  const directory = mkdtempSync(join(tmpdir(), "smskit-bench-"));
  try {
    const store = await SqliteGatewayStore.open(join(directory, "gateways.db"));
    const smskit = await createSmskit({ store, providers: [httpProvider] });
    const gateway = (name, policies) =>
      smskit.saveGateway({
        name,
        provider: "http",
        parameters: { URL: `${sink.url}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
        options: { to: "{phone}", text: "{otp}" },
        ...(policies ? { policies } : {}),
      });
    await gateway("primary");
    await gateway("backup");
    await smskit.saveRoute({ name: "otp", strategy: "failover", gateways: ["primary", "backup"] });
    const direct = () => smskit.send("primary", recipient, text);
    const routed = async () => {
      const result = await smskit.send("otp", recipient, text);
      if (result.gateway !== "primary") throw new Error("the route did not use its healthy first gateway");
    };
    await run(direct, Math.min(2000, messages), concurrency);
    await run(routed, Math.min(2000, messages), concurrency);
    const { first: gatewayRate, second: routeRate } = await compare(
      direct,
      routed,
      { count: messages, parallel: concurrency, rounds },
      (round, gatewayRound, routeRound) =>
        console.log(
          `  sink ${delayMs} ms, round ${round + 1}: gateway ${format(gatewayRound.rate)}/s (${gatewayRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), failover route ${format(routeRound.rate)}/s (${routeRound.cpuMicroseconds.toFixed(1)} µs CPU/msg), ratio ${(routeRound.rate / gatewayRound.rate).toFixed(3)}`,
        ),
    );
    summary.push({
      delayMs,
      directRate: gatewayRate.rate,
      routedRate: routeRate.rate,
      ratio: routeRate.rate / gatewayRate.rate,
      goal: goals.get(delayMs),
      directCpu: gatewayRate.cpuMicroseconds,
      routedCpu: routeRate.cpuMicroseconds,
    });

    if (delayMs === delays[0]) {
      await gateway("limited", { rateLimit: limit });
      const send = () => smskit.send("limited", recipient, text, { timeoutMs: 60_000 });
      // The bucket starts full: its burst of `limit` goes at once, the `limited` after it at the
      // limit's rate, so the whole run takes limited / limit seconds.
      const started = performance.now();
      await run(send, limit + limited, concurrency);
      const seconds = (performance.now() - started) / 1000;
      limiter = { seconds, expected: limited / limit };
    }
    await smskit.close();
  } finally {
    sink.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
console.log("");
console.log(
  "sink delay | gateway msg/s | failover route msg/s | ratio | goal            | CPU µs/msg gateway | route",
);
for (const row of summary) {
  const goal = row.goal === undefined ? "-" : `>= ${row.goal} ${row.ratio >= row.goal ? "met" : "NOT met"}`;
  console.log(
    `${`${row.delayMs} ms`.padEnd(10)} | ${format(row.directRate).padStart(13)} | ${format(row.routedRate).padStart(20)} | ${row.ratio.toFixed(3)} | ${goal.padEnd(15)} | ${row.directCpu.toFixed(1).padStart(18)} | ${row.routedCpu.toFixed(1)}`,
  );
}
if (limiter) {
  const deviation = limiter.seconds / limiter.expected - 1;
  console.log(
    `rate limiter: ${limited} sends at ${limit}/s (after the burst of ${limit}) took ${limiter.seconds.toFixed(3)} s (expected ${limiter.expected.toFixed(1)} s, ${(deviation * 100).toFixed(2)} %; goal ± 5 % ${Math.abs(deviation) <= 0.05 ? "met" : "NOT met"})`,
  );
}
console.log("(medians over the rounds; CPU is the client process's user+system time per message)");
