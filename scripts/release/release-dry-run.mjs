#!/usr/bin/env node
// `npm test` step: the release as `changeset version` would make it, in a scratch copy —
// once with the pending changesets, once with a probe asking every public package for a
// minor bump (which must move every package by exactly a minor: proof that the check sees
// the changesets). Fails when a package would jump a major no changeset asked for, or would
// be published with a range that excludes the smskit package it names.
import {
  describeRelease,
  everyPackageChangeset,
  planRelease,
  releaseProblems,
  unmovedByProbe,
} from "./version-plan.mjs";

const started = performance.now();
let failed = false;
for (const [label, changesets, probe] of [
  ["pending changesets", undefined, undefined],
  ["probe: every public package minor", everyPackageChangeset("minor"), "minor"],
]) {
  const plan = planRelease(changesets);
  const problems = [...releaseProblems(plan), ...(probe ? unmovedByProbe(plan, probe) : [])];
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${label}:`);
  for (const line of describeRelease(plan)) console.log(`       ${line}`);
  for (const problem of problems) console.log(`       - ${problem}`);
  failed ||= problems.length > 0;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  failed ? `the release would go wrong (${seconds} s)` : `the release would publish as asked (${seconds} s)`,
);
process.exit(failed ? 1 : 0);
