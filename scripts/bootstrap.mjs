#!/usr/bin/env node
// The README's two commands (`npm start`, `npm test`) land here. This file runs on any
// Node.js that npm ships with (it uses nothing newer than Node 18), makes sure a Node.js
// >= 22 is in charge — fetching Node 24 from the npm registry into a cache folder when
// the running one is older — installs the workspace from the lockfile, builds it and
// runs the requested job. It needs nothing but Node.js and npm.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const minimumMajor = 22;
const fetchedVersion = "24.22.3";
const job = process.argv[2];
const jobs = { start: runStart, test: runTest, docs: runDocs, setup: () => 0 };

if (!(job in jobs)) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(jobs).join("|")}`);
  process.exit(2);
}

let environment = process.env;
const nodeBinary = ensureNode();
environment = {
  ...process.env,
  PATH: [dirname(nodeBinary), join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter),
  SMSKIT_NODE: nodeBinary,
};
// turbo's anonymous telemetry would try to reach the internet.
environment.TURBO_TELEMETRY_DISABLED = "1";
environment.DO_NOT_TRACK = "1";

install();
process.exit(jobs[job]());

/** The Node.js binary to run the workspace with: this one if new enough, else a cached Node 24. */
function ensureNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= minimumMajor) return process.execPath;
  const platformPackage = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  const cacheRoot =
    process.env.SMSKIT_NODE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "smskit", "node");
  const folder = join(cacheRoot, `${platformPackage}-${fetchedVersion}`);
  const binary = join(folder, "package", "bin", process.platform === "win32" ? "node.exe" : "node");
  if (existsSync(binary)) {
    console.log(
      `smskit: Node.js ${process.versions.node} is older than ${minimumMajor}; using the cached Node.js ${fetchedVersion} (${binary}).`,
    );
    return binary;
  }
  console.log(
    `smskit: Node.js ${process.versions.node} is older than ${minimumMajor}; fetching Node.js ${fetchedVersion} (${platformPackage}) from the npm registry into ${cacheRoot}.`,
  );
  const staging = join(cacheRoot, `.staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  try {
    run("npm", ["pack", "--silent", `${platformPackage}@${fetchedVersion}`, "--pack-destination", staging], {
      cwd: tmpdir(),
      quiet: true,
    });
    const tarball = join(staging, `${platformPackage}-${fetchedVersion}.tgz`);
    mkdirSync(folder, { recursive: true });
    run("tar", ["-xzf", tarball, "-C", folder, "package/bin", "package/LICENSE"], { quiet: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!existsSync(binary)) fail(`could not unpack Node.js ${fetchedVersion} into ${folder}`);
  return binary;
}

/** Install the workspace from the lockfile with the pinned pnpm. */
function install() {
  const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const frozen = process.env.CI || existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  const status = run("npx", ["--yes", packageManager, "install", ...frozen, "--reporter=append-only"], {
    allowFailure: true,
  });
  if (status !== 0) fail("installing the workspace failed (see the pnpm output above)");
}

function pnpm(args, options) {
  const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return run("npx", ["--yes", packageManager, ...args], options);
}

function runStart() {
  const status = pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"], { allowFailure: true });
  if (status !== 0) return status;
  return run(nodeBinary, [join(root, "scripts", "start.mjs"), ...process.argv.slice(3)], {
    allowFailure: true,
  });
}

/** `npm run docs`: build the docs site (and what it is generated from), then serve it locally. */
function runDocs() {
  const status = pnpm(
    ["exec", "turbo", "run", "build", "--filter=@smskit/docs...", "--output-logs=errors-only"],
    {
      allowFailure: true,
    },
  );
  if (status !== 0) return status;
  return pnpm(["--filter", "@smskit/docs", "exec", "vitepress", "preview", "--port", "4173"], {
    allowFailure: true,
  });
}

function runTest() {
  return run(nodeBinary, [join(root, "scripts", "test.mjs"), ...process.argv.slice(3)], {
    allowFailure: true,
  });
}

function run(command, args, { cwd = root, quiet = false, allowFailure = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: environment,
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    shell: process.platform === "win32",
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  const status = result.status ?? 1;
  if (status !== 0 && !allowFailure) fail(`${command} ${args.join(" ")} exited with ${status}`);
  return status;
}

function fail(message) {
  console.error(`smskit: ${message}`);
  process.exit(2);
}
