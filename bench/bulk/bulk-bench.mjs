// Bulk benchmark: N messages through `smskit.sendMany` with the crash-safe journal (a start
// record written before each send, the outcome after, group-committed fdatasync) and the rows
// parsed from a CSV file as `smskit bulk` reads it — against the same N messages through plain
// `send` at the same concurrency, without a journal, in the same run, to the same 0 ms loopback
// sink (the HTTP provider). Prints both rates and the ratio. Goal: >= 0.9.
//
// Options: --messages N (default 20000), --concurrency C (default 64), --rounds R (default 5)
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BulkJournal, createSmskit, MemoryGatewayStore, readBulkEntries } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { startSink } from "../http/start-sink.mjs";
import { format, median, run } from "../measure.mjs";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    rounds: { type: "string", default: "5" },
  },
});
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const goal = 0.9;
const text = "Your one-time code is 493817. It expires in 5 minutes.";
const recipient = "+4917012345678";

const sink = await startSink(0);
const directory = mkdtempSync(join(tmpdir(), "smskit-bulk-bench-"));
/** A CSV file of `count` rows, written once per size. */
function csvFile(count) {
  const path = join(directory, `rows-${count}.csv`);
  writeFileSync(path, `to,message\n${`${recipient},${text}\n`.repeat(count)}`);
  return path;
}
const files = new Map([messages, Math.min(2000, messages)].map((count) => [count, csvFile(count)]));
const smskit = await createSmskit({ store: new MemoryGatewayStore(), providers: [httpProvider] });
await smskit.saveGateway({
  name: "bench",
  provider: "http",
  parameters: { URL: `${sink.url}/send`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
  options: { to: "{phone}", text: "{otp}" },
});

let journalRun = 0;
/** One bulk run of `count` rows from the CSV file with a fresh journal. */
async function bulk(count) {
  const journal = await BulkJournal.open(join(directory, `run-${journalRun++}.journal`), "bench");
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const entries = readBulkEntries(createReadStream(files.get(count)));
  const summary = await smskit.sendMany(entries, {
    target: "bench",
    concurrency,
    onStart: (row) => journal.started(row.row),
    onResult: (outcome) => journal.finished(outcome.row.row, outcome.outcome),
  });
  await journal.close();
  const cpu = process.cpuUsage(cpuBefore);
  if (summary.sent !== count) throw new Error(`bulk sent ${summary.sent} of ${count}`);
  return {
    rate: count / ((performance.now() - started) / 1000),
    cpuMicroseconds: (cpu.user + cpu.system) / count,
  };
}

const plain = () => smskit.send("bench", recipient, text);

console.log(
  `Bulk benchmark: ${messages} messages per run, concurrency ${concurrency}, 0 ms sink, median of ${rounds} rounds, Node ${process.version}`,
);
await run(plain, Math.min(2000, messages), concurrency);
await bulk(Math.min(2000, messages));
const plains = [];
const bulks = [];
for (let round = 0; round < rounds; round++) {
  const swapped = round % 2 === 1;
  const early = swapped ? await bulk(messages) : await run(plain, messages, concurrency);
  const late = swapped ? await run(plain, messages, concurrency) : await bulk(messages);
  const ofPlain = swapped ? late : early;
  const ofBulk = swapped ? early : late;
  plains.push(ofPlain);
  bulks.push(ofBulk);
  console.log(
    `  round ${round + 1}: send ${format(ofPlain.rate)}/s (${ofPlain.cpuMicroseconds.toFixed(1)} µs CPU/msg), bulk + journal ${format(ofBulk.rate)}/s (${ofBulk.cpuMicroseconds.toFixed(1)} µs CPU/msg), ratio ${(ofBulk.rate / ofPlain.rate).toFixed(3)}`,
  );
}
const plainRate = median(plains.map((result) => result.rate));
const bulkRate = median(bulks.map((result) => result.rate));
const ratio = bulkRate / plainRate;
console.log("");
console.log("send msg/s | bulk + journal msg/s | ratio | goal");
console.log(
  `${format(plainRate).padStart(10)} | ${format(bulkRate).padStart(20)} | ${ratio.toFixed(3)} | >= ${goal} ${ratio >= goal ? "met" : "NOT met"}`,
);
console.log(
  `(medians; CPU µs/msg send ${median(plains.map((r) => r.cpuMicroseconds)).toFixed(1)}, bulk ${median(bulks.map((r) => r.cpuMicroseconds)).toFixed(1)})`,
);
await smskit.close();
sink.stop();
rmSync(directory, { recursive: true, force: true });
