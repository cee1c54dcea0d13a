// The whole test suite, as `npm test` and CI run it: build, type-check every package
// (tsc --build over the project references), lint and format check, the public tarballs
// (contents, publint, attw), an install of them with plain npm outside the workspace, the
// release dry-run, every package's tests,
// then one closing line `N passed, M failed` summed over all packages.
// Runs on the Node.js that scripts/bootstrap.mjs chose (>= 22), after the install.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { root, workspacePackages } from "./workspace-packages.mjs";

const packageManager = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const packages = workspacePackages();
const failures = [];

for (const directory of packages) rmSync(join(directory, ".test-results"), { recursive: true, force: true });

step("remove stale build outputs", process.execPath, [join(root, "scripts", "prune-stale-outputs.mjs")]);
step("build", "npx", ["--yes", packageManager, "exec", "turbo", "run", "build", "--output-logs=errors-only"]);
step("type-check (tsc --build)", "npx", ["--yes", packageManager, "exec", "tsc", "--build"]);
step("lint and format (biome ci)", "npx", ["--yes", packageManager, "exec", "biome", "ci", "."]);
if (existsSync(join(root, "docs", "scripts", "generate.mjs"))) {
  step("generated docs pages are current (docs/scripts/generate.mjs --check)", process.execPath, [
    join(root, "docs", "scripts", "generate.mjs"),
    "--check",
  ]);
}
const tarballs = mkdtempSync(join(tmpdir(), "smskit-tarballs-"));
step("tarballs: contents, publint --strict, attw (scripts/release/check-packages.mjs)", process.execPath, [
  join(root, "scripts", "release", "check-packages.mjs"),
  tarballs,
]);
step(
  "install from the tarballs with plain npm, outside the workspace, and a scaffolded provider (scripts/release/install-footprint.mjs)",
  process.execPath,
  [join(root, "scripts", "release", "install-footprint.mjs"), "--check", "--journey", "--tarballs", tarballs],
);
rmSync(tarballs, { recursive: true, force: true });
step(
  "release dry-run: changeset version in a scratch copy (scripts/release/release-dry-run.mjs)",
  process.execPath,
  [join(root, "scripts", "release", "release-dry-run.mjs")],
);
step("tests", "npx", [
  "--yes",
  packageManager,
  "exec",
  "turbo",
  "run",
  "test",
  "--concurrency=1",
  "--continue",
  "--output-logs=full",
]);

let passed = 0;
let failed = 0;
for (const directory of packages) {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  if (!manifest.scripts?.test) continue;
  const report = join(directory, ".test-results", "vitest.json");
  const name = relative(root, directory);
  if (!existsSync(report)) {
    failed++;
    failures.push(`${name}: produced no test report`);
    continue;
  }
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  if (result.numTotalTests === 0) failures.push(`${name}: ran no test`);
  if (!result.success && result.numFailedTests === 0) {
    failed++;
    failures.push(`${name}: a test file failed to run`);
  }
}

if (failures.length > 0) {
  console.log("\nProblems:");
  for (const failure of failures) console.log(`- ${failure}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);

function step(label, command, args) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) failures.push(`${label} failed (exit ${result.status ?? result.signal})`);
}
