import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SPEC_VERSION } from "@smskit/provider";

/** The contract package providers declare as a peer. */
const contractPackage = "@smskit/provider";

/** The version of `@smskit/provider` this core runs with (the one it depends on). */
const contractVersion: string = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve(`${contractPackage}/package.json`), "utf8"),
).version;

/**
 * Why a provider package cannot work with this core, judged from its package.json before it is
 * imported: its peer range on `@smskit/provider` excludes the installed contract. Undefined when
 * it fits (or names no range — packages from before the contract package).
 */
export function contractMismatch(
  name: string,
  metadata: { peerDependencies?: Record<string, unknown> },
): string | undefined {
  const declared = metadata.peerDependencies?.[contractPackage];
  if (typeof declared !== "string") return undefined;
  // A workspace link (`workspace:^`) stands for the version beside it; only a written range is checked.
  const range = declared.replace(/^workspace:/, "");
  if (range === "*" || range === "^" || range === "~" || range === "") return undefined;
  // semver is loaded only when there is a range to check (not for workspace links).
  const semver = createRequire(import.meta.url)("semver") as typeof import("semver")["default"];
  if (semver.validRange(range) === null) {
    return `package ${name} declares the peer range ${contractPackage}@"${declared}", which is not a semver range; ask its maintainers for a fixed release`;
  }
  if (semver.satisfies(contractVersion, range)) return undefined;
  const needs = `package ${name} needs ${contractPackage}@"${range}", but this @smskit/core runs with ${contractPackage} ${contractVersion} (specVersion ${SPEC_VERSION})`;
  const lowest = semver.minVersion(range);
  return lowest !== null && semver.gt(lowest, contractVersion)
    ? `${needs}; upgrade @smskit/core to a release that brings ${contractPackage} ${range}, or install a release of ${name} made for ${contractPackage} ^${semver.major(contractVersion)}.0.0`
    : `${needs}; upgrade ${name} to a release made for ${contractPackage} ^${semver.major(contractVersion)}.0.0`;
}
