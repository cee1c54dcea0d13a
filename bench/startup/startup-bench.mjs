// `smskit providers` with all six first-party providers installed, against `node -e 0`: the
// cold start of the CLI as a ratio to a bare Node process, measured in the same run.
//
//   node bench/startup/startup-bench.mjs [--runs 15]
//
// Both commands run alternately (so neither always gets the quieter moment), each as a fresh
// process; the table shows the median wall time of each and their ratio. The application is the repository root, whose package.json lists
// all six providers.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { median } from "../measure.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "packages", "cli", "bin", "smskit.js");
const commands = {
  "node -e 0": ["-e", "0"],
  "smskit providers": [cli, "providers", "--app", root],
};

const listed = spawnSync(process.execPath, [...commands["smskit providers"], "--json"], { encoding: "utf8" });
if (listed.status !== 0) throw new Error(`smskit providers failed: ${listed.stderr}`);
const ids = JSON.parse(listed.stdout).map((provider) => provider.id);
if (ids.length !== 6) throw new Error(`expected the six first-party providers, got ${ids.join(", ")}`);

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let run = 0; run < runs + 1; run++) {
  const order = run % 2 === 0 ? Object.keys(commands) : Object.keys(commands).reverse();
  for (const name of order) {
    const wall = time(commands[name]);
    // The first round only warms the file system cache.
    if (run > 0) samples[name].push(wall);
  }
}

const bare = median(samples["node -e 0"]);
const providers = median(samples["smskit providers"]);
const ratio = providers / bare;
console.log(`smskit providers (${ids.join(", ")}) against node -e 0, ${runs} runs each, median wall time:`);
console.log(`node -e 0        | ${pad(bare)} ms`);
console.log(`smskit providers | ${pad(providers)} ms`);
console.log(`ratio            | ${pad(ratio, 2)}    goal <= 5: ${ratio <= 5 ? "met" : "NOT met"}`);

/** Run one command as a fresh Node process; its wall time in ms. */
function time(args) {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(" ")} exited with ${child.status}`);
  return wall;
}

function pad(value, digits = 0) {
  return value.toFixed(digits).padStart(7);
}
