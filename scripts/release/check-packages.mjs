#!/usr/bin/env node
// `npm test` step: pack every public package once and check each tarball — its contents
// (LICENSE, no .tsbuildinfo, source maps that resolve, README links, registry fields),
// `publint --strict` and attw (profile esm-only). One line per package; the problems, each
// saying what to change, below it; exit 1 when there is any. With a directory argument the
// tarballs stay there, listed in packed.json, for the install check that follows.
import { rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packPublicPackages } from "./pack.mjs";
import { tarballProblems } from "./tarball-contents.mjs";
import { attwProblems, publintProblems } from "./type-checks.mjs";

const started = performance.now();
const keep = process.argv[2];
const packed = packPublicPackages(...(keep ? [keep] : []));
if (keep) writeFileSync(join(keep, "packed.json"), `${JSON.stringify(packed, null, 2)}\n`);
let failed = 0;
try {
  for (const entry of packed) {
    const attw = await attwProblems(entry.tarball);
    const problems = [...tarballProblems(entry), ...(await publintProblems(entry.tarball)), ...attw.problems];
    const size = `${(statSync(entry.tarball).size / 1024).toFixed(1)} kB`;
    const types = attw.typed ? `attw ok (${attw.entrypoints} entry points)` : "attw: no types (bin only)";
    const verdict = problems.length === 0 ? `publint ok, ${types}` : `${problems.length} problem(s)`;
    console.log(
      `${problems.length === 0 ? "ok  " : "FAIL"} ${entry.name}@${entry.version}: ${entry.files.length} files, ${size}; ${verdict}`,
    );
    for (const problem of problems) console.log(`       - ${problem}`);
    if (problems.length > 0) failed++;
  }
} finally {
  if (!keep) rmSync(dirname(packed[0]?.tarball ?? "/nonexistent/x"), { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  failed === 0
    ? `${packed.length} tarballs publish-ready (${seconds} s)`
    : `${failed} of ${packed.length} tarballs have problems (${seconds} s); LICENSE, "files", the registry fields and README links: node scripts/release/fix-packages.mjs`,
);
process.exit(failed === 0 ? 0 : 1);
