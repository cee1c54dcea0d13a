// `npm start`: the main job. Until the demo app exists it runs the CLI: it shows the
// providers the CLI discovered and how to define a gateway and send through it.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "packages", "cli", "bin", "smskit.js");
const extra = process.argv.slice(2);

if (extra.length > 0) {
  const result = spawnSync(process.execPath, [cli, ...extra], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}

console.log("smskit is built. Installed providers (smskit providers):\n");
const listed = spawnSync(process.execPath, [cli, "providers"], { stdio: "inherit" });
if (listed.status !== 0) process.exit(listed.status ?? 1);
console.log(`
The CLI is ./node_modules/.bin/smskit (run \`./node_modules/.bin/smskit --help\`).

Define a gateway, e.g. Clickatell's HTTP API:
  ./node_modules/.bin/smskit gateway set otp --provider http --preset clickatell \\
      --param USERNAME=me --param PASSWORD=secret --option api_id=1234

Send through it:
  ./node_modules/.bin/smskit send otp +491701234567 "Your code is 123456"

Gateways are stored in ./smskit.db (--store PATH or SMSKIT_STORE to change).
npm start -- <arguments> runs the CLI with those arguments.`);
