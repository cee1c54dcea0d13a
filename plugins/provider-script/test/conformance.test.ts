import { mkdtempSync, readFileSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testProvider } from "@smskit/testkit";
import scriptProvider from "../src/index.js";
import { lineCount, processGone, shellQuote } from "./script-directory.js";

// The suite's smskit runs scripts from this directory (smskitOptions below).
const directory = mkdtempSync(join(tmpdir(), "smskit-conformance-"));

let fixtureNumber = 0;

/** Write a script that records its process id, then runs `body`. */
async function script(body: string): Promise<{ name: string; pids: string; output: string }> {
  fixtureNumber++;
  const name = `fixture-${fixtureNumber}.sh`;
  const pids = join(directory, `${name}.pids`);
  const output = join(directory, `${name}.out`);
  await writeFile(
    join(directory, name),
    `#!/bin/sh\necho $$ >> ${shellQuote(pids)}\n${body.replaceAll("OUTPUT", shellQuote(output))}\n`,
  );
  await chmod(join(directory, name), 0o755);
  return { name, pids, output };
}

/** How many of the scripts a fixture started still run. */
function stillRunning(pids: string): number {
  if (lineCount(pids) === 0) return 0;
  return readFileSync(pids, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .filter((pid) => !processGone(Number(pid))).length;
}

testProvider(scriptProvider, {
  smskitOptions: { scriptDirectory: directory },
  async working() {
    const { name, pids, output } = await script(`cat > /dev/null\nprintf 'x\\n' >> OUTPUT`);
    return {
      parameters: { script: name, background: "wait" },
      recipient: "+491701234567",
      delivered: () => lineCount(output),
      // For a script gateway the "connections" are the script processes: none may outlive close().
      openConnections: () => stillRunning(pids),
      teardown: async () => {},
    };
  },
  async unresponsive() {
    const { name } = await script("sleep 30");
    return {
      parameters: { script: name, background: "wait" },
      recipient: "+491701234567",
      delivered: () => 0,
      teardown: async () => {},
    };
  },
  async unreachable() {
    // A script has no connection to refuse; the nearest failure is a script that reports its
    // gateway unreachable with a non-zero exit.
    const { name } = await script(`cat > /dev/null\necho "connection refused by the SMS modem" >&2\nexit 2`);
    return {
      parameters: { script: name, background: "wait" },
      recipient: "+491701234567",
      teardown: async () => {},
    };
  },
  skip: {
    "secrets-not-echoed": "the script provider has no secret parameter",
  },
});
