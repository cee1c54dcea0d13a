// What a public tarball must hold, and must not: the LICENSE, no build caches, source maps
// whose sources are inside the tarball, README links that work on the registry, and the
// package.json fields the registry shows (repository, homepage, bugs, license).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { root } from "../workspace-packages.mjs";

/** The repository every package.json and README points at. */
export const repositoryUrl = "https://github.com/smskit/smskit";

/**
 * The problems of one packed package (`{ name, tarball, files }` from packPublicPackages),
 * each a sentence that says what to change; an empty array when it is publish-ready.
 */
export function tarballProblems(entry) {
  const unpacked = mkdtempSync(join(tmpdir(), "smskit-unpacked-"));
  try {
    const untar = spawnSync("tar", ["-xzf", entry.tarball, "-C", unpacked], { encoding: "utf8" });
    if (untar.status !== 0) return [`cannot unpack ${entry.tarball}: ${untar.stderr.trim()}`];
    const base = join(unpacked, "package");
    const read = (path) => readFileSync(join(base, path), "utf8");
    const files = new Set(entry.files);
    return [
      ...licenseProblems(files, read),
      ...entry.files
        .filter((file) => file.endsWith(".tsbuildinfo"))
        .map((file) => `ships the build cache ${file}; add "!${file}" to "files" in package.json`),
      ...entry.files
        .filter((file) => file.endsWith(".map"))
        .flatMap((file) => mapProblems(file, files, read)),
      ...readmeProblems(files, read),
      ...manifestProblems(JSON.parse(read("package.json"))),
    ];
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

function licenseProblems(files, read) {
  if (!files.has("LICENSE"))
    return ["has no LICENSE; copy the repository's LICENSE into the package directory"];
  const expected = readFileSync(join(root, "LICENSE"), "utf8");
  return read("LICENSE") === expected
    ? []
    : ["its LICENSE differs from the repository's LICENSE; copy it again"];
}

/** Every source of a source map (or declaration map) must be a file of the tarball. */
function mapProblems(file, files, read) {
  let map;
  try {
    map = JSON.parse(read(file));
  } catch (error) {
    return [`${file} is not JSON: ${error.message}`];
  }
  const directory = posix.join(posix.dirname(file), map.sourceRoot ?? "");
  return (map.sources ?? [])
    .map((source) => posix.normalize(posix.join(directory, source)))
    .filter((source) => !files.has(source))
    .map((source) => `${file} points at ${source}, which the tarball does not hold; ship it in "files"`);
}

/** Links in README.md must be absolute (relative ones are dead on the registry's page). */
function readmeProblems(files, read) {
  if (!files.has("README.md")) return ["has no README.md"];
  const problems = [];
  const lines = read("README.md").split("\n");
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const match of withoutCode.matchAll(
      /\]\(\s*<?([^)\s>]+)>?[^)]*\)|\bhref="([^"]+)"|^\s*\[[^\]]+\]:\s*(\S+)/g,
    )) {
      const target = match[1] ?? match[2] ?? match[3];
      if (!/^(https?:|mailto:|#)/.test(target)) {
        problems.push(`README.md:${index + 1} links to ${target}; use an absolute ${repositoryUrl}/… URL`);
      }
    }
  });
  return problems;
}

function manifestProblems(manifest) {
  const problems = [];
  const repository = typeof manifest.repository === "object" ? manifest.repository.url : manifest.repository;
  if (repository !== `git+${repositoryUrl}.git`) {
    problems.push(
      `package.json: "repository" should be { "type": "git", "url": "git+${repositoryUrl}.git", "directory": … }`,
    );
  }
  if (typeof manifest.homepage !== "string" || !manifest.homepage.startsWith(repositoryUrl)) {
    problems.push(`package.json: "homepage" should be a ${repositoryUrl}/… URL`);
  }
  const bugs = typeof manifest.bugs === "object" ? manifest.bugs.url : manifest.bugs;
  if (bugs !== `${repositoryUrl}/issues`)
    problems.push(`package.json: "bugs" should be ${repositoryUrl}/issues`);
  if (manifest.license !== "MIT") problems.push('package.json: "license" should be "MIT"');
  return problems;
}
