// Many gateways: 10,000 HTTP gateways in the SQLite store, 1,000 of them used once against a
// loopback sink that answers at once, then left idle. Prints the process's RSS, JS heap and open
// sockets before the sends, after them and after the idle time (goal: back within 10 % of
// before), beside the raw baseline of the same run — 1,000 bare undici Pools used once and closed,
// in another process. Then the time `smskit gateway list` (a CLI process, beside `node -e 0`) and
// the demo API's `GET /api/gateways` (beside its `GET /healthz`) take for all 10,000 (goal: well
// under a second).
//
//   node bench/instances/instances-bench.mjs [--gateways 10000] [--used 1000] [--idle-ms 5000] [--runs 7]
//
// Build first: `npx pnpm@10.34.9 exec turbo run build` (core, provider-http, the CLI, the demo).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createSmskit, SqliteGatewayStore } from "@smskit/core";
import httpProvider from "@smskit/provider-http";
import { Pool } from "undici";
import { startSink } from "../http/start-sink.mjs";
import { median, run } from "../measure.mjs";

const { values } = parseArgs({
  options: {
    gateways: { type: "string", default: "10000" },
    used: { type: "string", default: "1000" },
    "idle-ms": { type: "string", default: "5000" },
    runs: { type: "string", default: "7" },
    // Internal: the child processes (`fill` the store, the bare `undici` baseline).
    phase: { type: "string" },
    store: { type: "string" },
    sink: { type: "string" },
  },
});
const gatewayCount = Number(values.gateways);
const used = Number(values.used);
const idleMs = Number(values["idle-ms"]);
const runs = Number(values.runs);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const self = fileURLToPath(import.meta.url);
const recipient = "+4917012345678";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

/** RSS and JS heap after a full collection, in MiB, and the sockets this process holds open. */
function footprint() {
  gc();
  gc();
  const sockets = readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith("socket:");
    } catch {
      return false;
    }
  }).length;
  const memory = process.memoryUsage();
  return { rssMiB: memory.rss / 2 ** 20, heapMiB: memory.heapUsed / 2 ** 20, sockets };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const name = (index) => `tenant-${String(index).padStart(5, "0")}`;
const openInstances = (smskit) =>
  Number(/^smskit_provider_instances (\d+)$/m.exec(smskit.metricsText())?.[1]);

if (values.phase === "fill") {
  // In a child process, so that the measured one opens the store as an application would.
  const smskit = await createSmskit({
    store: await SqliteGatewayStore.open(values.store),
    providers: [httpProvider],
  });
  const gateways = {};
  for (let index = 0; index < gatewayCount; index++) {
    gateways[name(index)] = {
      provider: "http",
      description: `tenant ${index}`,
      parameters: { URL: `${values.sink}/send/${index}`, HTTP_METHOD: "POST", RETURN_SUCCESS: "OK" },
      options: { to: "{phone}", text: "{otp}" },
    };
  }
  await smskit.importDefinitions({ smskit: 1, gateways, smtpServers: {} });
  await smskit.close();
  process.exit(0);
}

if (values.phase === "undici") {
  const request = async (pool, index) => {
    const response = await pool.request({
      path: `/send/${index}`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "to=%2B4917012345678&text=x",
    });
    await response.body.text();
  };
  const warm = Array.from({ length: 50 }, () => new Pool(values.sink, { connections: 32 }));
  await Promise.all(warm.map((pool, index) => request(pool, index)));
  await Promise.all(warm.map((pool) => pool.close()));
  await sleep(3000);
  const before = footprint();
  const pools = [];
  let next = 0;
  await run(
    async () => {
      const pool = new Pool(values.sink, { connections: 32 });
      pools.push(pool);
      await request(pool, next++);
    },
    used,
    50,
  );
  const after = footprint();
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await sleep(3000);
  process.stdout.write(JSON.stringify({ before, after, idle: footprint() }));
  process.exit(0);
}

console.log(
  `Many gateways: ${gatewayCount.toLocaleString("en-US")} HTTP gateways in SQLite, ${used.toLocaleString("en-US")} used once, idle time ${idleMs} ms, Node ${process.version}`,
);
const sink = await startSink(0);
const directory = mkdtempSync(join(tmpdir(), "smskit-bench-instances-"));
const storePath = join(directory, "gateways.db");
try {
  let started = performance.now();
  const filled = spawnSync(
    process.execPath,
    [self, "--phase", "fill", "--gateways", String(gatewayCount), "--store", storePath, "--sink", sink.url],
    { stdio: "inherit" },
  );
  if (filled.status !== 0) throw new Error("filling the store failed");
  console.log(
    `  stored ${gatewayCount.toLocaleString("en-US")} gateways in ${((performance.now() - started) / 1000).toFixed(1)} s (one import, in a child process)`,
  );

  const store = await SqliteGatewayStore.open(storePath);
  const smskit = await createSmskit({ store, providers: [httpProvider], instances: { idleMs } });
  // Warm up through 50 gateways not counted below (the provider's modules, the JIT), let them idle.
  let next = used;
  await run(() => smskit.send(name(next++), recipient, "warm-up"), Math.min(50, gatewayCount - used), 10);
  await sleep(idleMs + Math.min(30_000, idleMs / 4) + 3000);
  const before = footprint();
  next = 0;
  started = performance.now();
  await run(() => smskit.send(name(next++), recipient, "Your code is 493817"), used, 50);
  const sendSeconds = (performance.now() - started) / 1000;
  const after = footprint();
  const openAfter = openInstances(smskit);
  // The idle time, the sweep's interval, and a little for V8 to shrink its heap.
  await sleep(idleMs + Math.min(30_000, idleMs / 4) + 3000);
  const idle = footprint();
  const openIdle = openInstances(smskit);
  await smskit.close();
  const bare = JSON.parse(
    spawnSync(process.execPath, [self, "--phase", "undici", "--used", String(used), "--sink", sink.url], {
      encoding: "utf8",
    }).stdout,
  );

  const row = (label, sample, instances) =>
    `${label.padEnd(24)} | ${sample.rssMiB.toFixed(1).padStart(7)} | ${sample.heapMiB.toFixed(1).padStart(11)} | ${String(sample.sockets).padStart(12)} | ${String(instances).padStart(9)}`;
  const verdict = (ratio) => `${ratio.toFixed(3)} (${ratio <= 1.1 ? "met" : "NOT met"}: goal <= 1.10)`;
  console.log(`  ${used} sends through ${used} gateways in ${sendSeconds.toFixed(2)} s`);
  console.log("");
  console.log("smskit                   | RSS MiB | JS heap MiB | open sockets | instances");
  console.log(row("before the sends", before, 0));
  console.log(row(`after ${used} sends`, after, openAfter));
  console.log(row("after the idle time", idle, openIdle));
  console.log(`bare undici, ${used} Pools`);
  console.log(row("before", bare.before, 0));
  console.log(row(`after ${used} requests`, bare.after, used));
  console.log(row("after closing them", bare.idle, 0));
  console.log("");
  console.log(
    `smskit after the idle time / before: RSS ${verdict(idle.rssMiB / before.rssMiB)}, JS heap ${verdict(idle.heapMiB / before.heapMiB)}, sockets ${idle.sockets} vs ${before.sockets}`,
  );
  console.log(
    `bare undici after closing / before: RSS ${(bare.idle.rssMiB / bare.before.rssMiB).toFixed(3)}, JS heap ${(bare.idle.heapMiB / bare.before.heapMiB).toFixed(3)}, sockets ${bare.idle.sockets} vs ${bare.before.sockets}`,
  );

  // Listing every gateway: the CLI as a process, beside a bare Node process.
  const cli = join(root, "packages", "cli", "bin", "smskit.js");
  const commands = {
    "node -e 0": ["-e", "0"],
    "smskit gateway list": [cli, "gateway", "list", "--store", storePath, "--app", root],
    "smskit gateway list --json": [cli, "gateway", "list", "--json", "--store", storePath, "--app", root],
  };
  const check = spawnSync(process.execPath, commands["smskit gateway list --json"], {
    encoding: "utf8",
    maxBuffer: 2 ** 28,
  });
  if (check.status !== 0) throw new Error(`smskit gateway list failed: ${check.stderr}`);
  if (JSON.parse(check.stdout).length !== gatewayCount)
    throw new Error("smskit gateway list missed gateways");
  const walls = Object.fromEntries(Object.keys(commands).map((command) => [command, []]));
  for (let round = 0; round < runs + 1; round++) {
    for (const [command, args] of Object.entries(commands)) {
      const began = performance.now();
      const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
      if (round > 0) walls[command].push(performance.now() - began);
    }
  }

  // Listing through the demo's API, beside its cheapest route.
  const { buildServer, startServer } = await import(join(root, "apps", "demo", "dist", "server.js"));
  const token = "bench-admin-token-0123456789";
  const app = await buildServer({ storePath, adminToken: token, environment: {} });
  const url = await startServer(app, { host: "127.0.0.1", port: 0 });
  const call = async (path) => {
    const began = performance.now();
    const response = await fetch(new URL(path, url), { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - began, body };
  };
  const listed = JSON.parse((await call("/api/gateways")).body);
  if (listed.length < gatewayCount) throw new Error(`the API listed ${listed.length} gateways`);
  const api = { "GET /healthz": [], "GET /api/gateways": [] };
  for (let round = 0; round < runs + 1; round++) {
    for (const path of ["/healthz", "/api/gateways"]) {
      const { ms } = await call(path);
      if (round > 0) api[`GET ${path}`].push(ms);
    }
  }
  await app.close();

  console.log("");
  console.log(`listing ${gatewayCount.toLocaleString("en-US")} gateways, median of ${runs} | ms`);
  for (const [label, samples] of [...Object.entries(walls), ...Object.entries(api)]) {
    console.log(`${label.padEnd(40)} | ${median(samples).toFixed(0).padStart(5)}`);
  }
  const cliMs = median(walls["smskit gateway list"]);
  const apiMs = median(api["GET /api/gateways"]);
  console.log(
    `smskit gateway list ${cliMs.toFixed(0)} ms (${(cliMs / median(walls["node -e 0"])).toFixed(1)}× node -e 0), GET /api/gateways ${apiMs.toFixed(0)} ms: ${cliMs < 1000 && apiMs < 1000 ? "both under a second" : "NOT both under a second"}`,
  );
} finally {
  sink.stop();
  rmSync(directory, { recursive: true, force: true });
}
