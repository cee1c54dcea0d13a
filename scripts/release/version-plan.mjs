// What a release would publish: `changeset version` run in a scratch copy of the
// repository, and the checks of its outcome — no package jumps a major that no changeset
// asked for, and every range between smskit packages (as `pnpm publish` writes it) accepts
// the version it names.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import semver from "semver";
import { publicPackages, root, workspacePackages } from "../workspace-packages.mjs";

const changesetBin = join(root, "node_modules", "@changesets", "cli", "bin.js");
const releasedDependencyTypes = ["dependencies", "peerDependencies", "optionalDependencies"];

/**
 * Run `changeset version` on a scratch copy of the workspace's manifests and changesets.
 * `changesets`: the changeset files to use, by file name → text (default: the repository's
 * pending ones). Resolves with `{ before, after, asked }`: the public packages' manifests
 * before and after (by name) and the bump each changeset asked for (by name).
 */
export function planRelease(changesets = pendingChangesets()) {
  const scratch = mkdtempSync(join(tmpdir(), "smskit-release-"));
  try {
    copyWorkspace(scratch);
    for (const [file, text] of Object.entries(changesets))
      writeFileSync(join(scratch, ".changeset", file), text);
    const before = manifestsByName(scratch);
    const run = spawnSync(process.execPath, [changesetBin, "version"], { cwd: scratch, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`changeset version failed:\n${run.stdout}${run.stderr}`);
    return { before, after: manifestsByName(scratch), asked: askedBumps(Object.values(changesets)) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The problems of a planned release, each a sentence naming the package and what to do. */
export function releaseProblems({ before, after, asked }) {
  const problems = [];
  for (const [name, manifest] of Object.entries(after)) {
    const from = before[name]?.version;
    if (from && semver.major(manifest.version) > semver.major(from) && asked.get(name) !== "major") {
      const causes = leftPeerRanges(before[name], before, after);
      problems.push(
        `${name} would jump from ${from} to ${manifest.version}, a major no changeset asked for (asked: ${asked.get(name) ?? "nothing"})${causes.length > 0 ? `: ${causes.join("; ")}` : ""}; widen that range, or add a major changeset for ${name}`,
      );
    }
    for (const type of releasedDependencyTypes) {
      for (const [dependency, range] of Object.entries(manifest[type] ?? {})) {
        const target = after[dependency];
        if (!target || !range.startsWith("workspace:")) continue;
        const published = publishedRange(range, target.version);
        if (!semver.satisfies(target.version, published)) {
          problems.push(
            `${name} would be published with ${type} ${dependency}@"${published}", which excludes ${dependency}@${target.version}`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * The packages a probe asking every package for `bump` did not move by exactly that bump:
 * when this is not empty, changesets did not read the probe and the check proves nothing.
 */
export function unmovedByProbe({ before, after }, bump) {
  return Object.entries(after)
    .filter(([name, manifest]) => manifest.version !== semver.inc(before[name]?.version ?? "0.0.0", bump))
    .map(
      ([name, manifest]) =>
        `${name} is at ${manifest.version} after a probe asking for a ${bump} bump of ${before[name]?.version}; the check did not work`,
    );
}

/** One line per package whose version changes: `name from → to (asked: minor)`. */
export function describeRelease({ before, after, asked }) {
  return Object.entries(after)
    .filter(([name, manifest]) => before[name]?.version !== manifest.version)
    .map(
      ([name, manifest]) =>
        `${name} ${before[name]?.version} → ${manifest.version} (asked: ${asked.get(name) ?? "none, follows a dependency"})`,
    );
}

/** A changeset asking for a `bump` of every public package: the probe of the ranges between them. */
export function everyPackageChangeset(bump) {
  const lines = publicPackages().map((entry) => `"${entry.name}": ${bump}`);
  return { [`release-probe-${bump}.md`]: `---\n${lines.join("\n")}\n---\n\nProbe: every package ${bump}.\n` };
}

/** The peer ranges of `manifest` on smskit packages that their new versions leave, in words. */
function leftPeerRanges(manifest, before, after) {
  return Object.entries(manifest.peerDependencies ?? {})
    .filter(
      ([dependency, range]) => before[dependency] && after[dependency] && range.startsWith("workspace:"),
    )
    .map(([dependency, range]) => [dependency, publishedRange(range, before[dependency].version)])
    .filter(([dependency, published]) => !semver.satisfies(after[dependency].version, published))
    .map(
      ([dependency, published]) =>
        `its peer range ${dependency}@"${published}" excludes ${after[dependency].version}`,
    );
}

/** The range `pnpm publish` writes for a `workspace:` range when the target is at `version`. */
function publishedRange(range, version) {
  const spec = range.slice("workspace:".length);
  if (spec === "*") return version;
  if (spec === "^" || spec === "~") return `${spec}${version}`;
  return spec;
}

function pendingChangesets() {
  const directory = join(root, ".changeset");
  return Object.fromEntries(
    readdirSync(directory)
      .filter((file) => file.endsWith(".md") && file !== "README.md")
      .map((file) => [file, readFileSync(join(directory, file), "utf8")]),
  );
}

/** The highest bump each package is asked for, from the changesets' front matter. */
function askedBumps(texts) {
  const order = ["none", "patch", "minor", "major"];
  const asked = new Map();
  for (const text of texts) {
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    for (const match of front.matchAll(/^\s*["']?([^"':]+)["']?\s*:\s*(none|patch|minor|major)\s*$/gm)) {
      const [, name, bump] = match;
      if (order.indexOf(bump) > order.indexOf(asked.get(name) ?? "none")) asked.set(name, bump);
    }
  }
  return asked;
}

/** The workspace's manifests, the changeset configuration (no pending changeset) and a link to node_modules. */
function copyWorkspace(scratch) {
  for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(root, file), join(scratch, file));
  mkdirSync(join(scratch, ".changeset"));
  for (const file of ["config.json", "README.md"]) {
    if (existsSync(join(root, ".changeset", file)))
      cpSync(join(root, ".changeset", file), join(scratch, ".changeset", file));
  }
  for (const directory of workspacePackages()) {
    const target = join(scratch, relative(root, directory));
    mkdirSync(target, { recursive: true });
    cpSync(join(directory, "package.json"), join(target, "package.json"));
  }
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
}

function manifestsByName(base) {
  return Object.fromEntries(publicPackages(base).map((entry) => [entry.name, entry.manifest]));
}
