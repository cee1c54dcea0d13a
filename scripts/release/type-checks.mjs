// publint (strict) and Are the Types Wrong? on a packed tarball, in this process and offline:
// both read the tarball itself, nothing is fetched.
import { readFileSync } from "node:fs";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemKindInfo } from "@arethetypeswrong/core/problems";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

/** The resolutions attw's `--profile esm-only` ignores: the packages are ESM-only for Node.js >= 22. */
const ignoredResolutions = ["node10", "node16-cjs"];

/** publint's findings of warning level or above (`strict`: warnings count as errors), as sentences. */
export async function publintProblems(tarball) {
  const data = readFileSync(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, strict: true, level: "warning" });
  return messages.map(
    (message) => `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`,
  );
}

/**
 * attw's problems under the esm-only profile, as sentences; `{ typed: false }` for a package
 * without types (a bin-only package), which attw cannot analyse.
 */
export async function attwProblems(tarball) {
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (!analysis.types) return { typed: false, problems: [] };
  const problems = analysis.problems
    .filter(
      (problem) => !("resolutionKind" in problem) || !ignoredResolutions.includes(problem.resolutionKind),
    )
    .map((problem) => {
      const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(", ");
      return `attw ${problem.kind}${where ? ` (${where})` : ""}: ${problemKindInfo[problem.kind].description}`;
    });
  return { typed: true, entrypoints: Object.keys(analysis.entrypoints).length, problems };
}
