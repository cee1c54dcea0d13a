#!/usr/bin/env node
// Make every public package publish-ready the way check-packages.mjs checks it: a copy of
// the repository's LICENSE, "files" with src (the source maps point into it) and without
// dist/.tsbuildinfo, repository/homepage/bugs, and README links as absolute URLs. Changes
// only what is missing and names each file it wrote; run `biome check --write .` after.
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, normalize, relative } from "node:path";
import { publicPackages, root } from "../workspace-packages.mjs";
import { repositoryUrl } from "./tarball-contents.mjs";

const license = readFileSync(join(root, "LICENSE"), "utf8");
for (const { directory, manifest } of publicPackages()) {
  const where = relative(root, directory);
  const licenseFile = join(directory, "LICENSE");
  if (!existsSync(licenseFile) || readFileSync(licenseFile, "utf8") !== license) {
    copyFileSync(join(root, "LICENSE"), licenseFile);
    console.log(`wrote ${where}/LICENSE`);
  }
  const fixed = fixedManifest(manifest, where);
  if (JSON.stringify(fixed) !== JSON.stringify(manifest)) {
    writeFileSync(join(directory, "package.json"), `${JSON.stringify(fixed, null, 2)}\n`);
    console.log(`wrote ${where}/package.json`);
  }
  const readme = join(directory, "README.md");
  if (existsSync(readme)) {
    const text = readFileSync(readme, "utf8");
    const absolute = absoluteLinks(text, where);
    if (absolute !== text) {
      writeFileSync(readme, absolute);
      console.log(`wrote ${where}/README.md`);
    }
  }
}

/** The manifest with the registry fields after "license" and "files" fixed. */
function fixedManifest(manifest, where) {
  const registry = {
    repository: { type: "git", url: `git+${repositoryUrl}.git`, directory: where },
    homepage: `${repositoryUrl}/tree/main/${where}#readme`,
    bugs: { url: `${repositoryUrl}/issues` },
  };
  const result = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key in registry) continue;
    result[key] = key === "files" ? fixedFiles(value) : value;
    if (key === "license") Object.assign(result, registry);
  }
  return "repository" in result ? result : { ...result, ...registry };
}

function fixedFiles(files) {
  if (!files.includes("dist")) return files;
  const result = files.includes("src")
    ? [...files]
    : [...files.slice(0, files.indexOf("dist") + 1), "src", ...files.slice(files.indexOf("dist") + 1)];
  return result.includes("!dist/.tsbuildinfo") ? result : [...result, "!dist/.tsbuildinfo"];
}

/** Markdown links outside code blocks that are relative, made absolute URLs into the repository. */
function absoluteLinks(text, where) {
  let fenced = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced) return line;
      return line.replace(/(\]\()([^)\s]+)(\))/g, (whole, open, target, close) => {
        if (/^(https?:|mailto:|#)/.test(target)) return whole;
        const [path, anchor] = target.split("#");
        const full = normalize(join(where, path));
        const kind =
          existsSync(join(root, full)) && statSync(join(root, full)).isDirectory() ? "tree" : "blob";
        return `${open}${repositoryUrl}/${kind}/main/${full}${anchor ? `#${anchor}` : ""}${close}`;
      });
    })
    .join("\n");
}
