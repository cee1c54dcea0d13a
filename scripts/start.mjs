// `npm start`: the main job. It runs the demo app (apps/demo): the server and web UI that
// discover the installed providers, with a sandbox gateway to send a first message to.
// Without the demo app it shows the CLI's providers and how to define a gateway and send.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "apps", "demo", "dist", "main.js");
const cli = join(root, "packages", "cli", "bin", "smskit.js");

if (existsSync(demo)) {
  const server = spawn(process.execPath, [demo], { stdio: "inherit", cwd: root });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
} else {
  showCli();
}

function showCli() {
  console.log("smskit is built. Installed providers (smskit providers):\n");
  const listed = spawnSync(process.execPath, [cli, "providers"], { stdio: "inherit", cwd: root });
  if (listed.status !== 0) process.exit(listed.status ?? 1);
  console.log(`
The CLI is ./node_modules/.bin/smskit (run \`./node_modules/.bin/smskit --help\`).

Define a gateway, e.g. GTX-Messaging's HTTP API:
  ./node_modules/.bin/smskit gateway set otp --provider http --preset gtx-messaging \\
      --option user=me --option pass=secret

Send through it:
  ./node_modules/.bin/smskit send otp +491701234567 "Your code is 123456"

Gateways are stored in ./smskit.db (--store PATH or SMSKIT_STORE to change).`);
}
