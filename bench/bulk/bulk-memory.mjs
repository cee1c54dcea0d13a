// Bulk memory check: `smskit bulk` over a CSV file of 1,000,000 rows (the CLI as a process, the
// HTTP provider, a 0 ms loopback sink, the journal), sampling the process's resident set size
// from /proc every 100 ms. Prints the peak (VmHWM) and the rate. Goal: under 200 MB.
//
// Options: --rows N (default 1000000), --concurrency C (default 64)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startSink } from "../http/start-sink.mjs";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, concurrency: { type: "string", default: "64" } },
});
const rows = Number(values.rows);
const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "packages", "cli");
const bin = join(cli, "bin", "smskit.js");
const directory = mkdtempSync(join(tmpdir(), "smskit-bulk-memory-"));
const sink = await startSink(0);
try {
  const store = join(directory, "smskit.db");
  const common = ["--store", store, "--app", cli];
  execFileSync(process.execPath, [
    bin,
    "gateway",
    "set",
    "bench",
    "--provider",
    "http",
    "--param",
    `URL=${sink.url}/send`,
    "--param",
    "HTTP_METHOD=POST",
    "--param",
    "RETURN_SUCCESS=OK",
    "--option",
    "to={phone}",
    "--option",
    "text={otp}",
    ...common,
  ]);
  const file = join(directory, "rows.csv");
  let csv = "to,message\n";
  for (let row = 1; row <= rows; row++)
    csv += `+49170${String(row).padStart(7, "0")},"Hello, message ${row}"\n`;
  writeFileSync(file, csv);
  csv = "";
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [bin, "bulk", "bench", file, "--concurrency", values.concurrency, ...common],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  let peak = 0;
  const sample = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
    } catch {}
  }, 100);
  const code = await new Promise((resolve) => child.on("close", resolve));
  clearInterval(sample);
  const seconds = (performance.now() - started) / 1000;
  console.log(output.trim());
  console.log(
    `${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString("en-US")} rows/s), exit ${code}; peak RSS ${(peak / 1024).toFixed(1)} MB (goal < 200 MB: ${peak / 1024 < 200 ? "met" : "NOT met"})`,
  );
} finally {
  sink.stop();
  rmSync(directory, { recursive: true, force: true });
}
