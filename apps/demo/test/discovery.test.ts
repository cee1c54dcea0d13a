import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownPackageJson } from "../src/server.js";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

const appDirectory = join(ownPackageJson, "..");
const removed = "@smskit/provider-sipgate";

interface PackageJson {
  dependencies: Record<string, string>;
}

let copy: string;

beforeAll(async () => {
  copy = await copyWithout(removed);
});

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe("the providers the app offers are exactly those in its package.json", () => {
  it("offers one provider per provider dependency, each from that package", async () => {
    const metadata = JSON.parse(await readFile(ownPackageJson, "utf8")) as PackageJson;
    const providerPackages = Object.keys(metadata.dependencies).filter((name) =>
      name.startsWith("@smskit/provider-"),
    );
    await withDemo(undefined, async (demo) => {
      const listed = (await demo.request("GET", "/api/providers")).json as { id: string; package: string }[];
      expect(listed.map((provider) => provider.package).sort()).toEqual(providerPackages.sort());
      expect(demo.app.demo.smskit.discoveryFailures).toEqual([]);
    });
  });

  it(`does not offer ${removed} when a copy of the app does not depend on it`, async () => {
    const full = await withDemo(undefined, async (demo) => providerIds(demo));
    const reduced = await withDemo(join(copy, "package.json"), async (demo) => providerIds(demo));
    expect(full).toContain("sipgate");
    expect(reduced).not.toContain("sipgate");
    expect(reduced).toEqual(full.filter((id) => id !== "sipgate"));
  });
});

async function providerIds(demo: RunningDemo): Promise<string[]> {
  const listed = (await demo.request("GET", "/api/providers")).json as { id: string }[];
  return listed.map((provider) => provider.id);
}

async function withDemo<Result>(
  packageJson: string | undefined,
  work: (demo: RunningDemo) => Promise<Result>,
): Promise<Result> {
  const demo = await startDemo(packageJson === undefined ? {} : { packageJson });
  try {
    return await work(demo);
  } finally {
    await demo.close();
  }
}

/**
 * A copy of the app: its package.json without one dependency, and node_modules entries
 * symlinked to the app's (all but the removed package).
 */
async function copyWithout(dependency: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "smskit-demo-copy-"));
  const metadata = JSON.parse(await readFile(ownPackageJson, "utf8")) as PackageJson;
  delete metadata.dependencies[dependency];
  await writeFile(join(directory, "package.json"), JSON.stringify(metadata, null, 2));
  const source = join(appDirectory, "node_modules");
  const target = join(directory, "node_modules");
  await mkdir(target);
  for (const entry of await readdir(source)) {
    if (!entry.startsWith("@")) {
      await symlink(join(source, entry), join(target, entry));
      continue;
    }
    await mkdir(join(target, entry));
    for (const scoped of await readdir(join(source, entry))) {
      if (`${entry}/${scoped}` === dependency) continue;
      await symlink(join(source, entry, scoped), join(target, entry, scoped));
    }
  }
  return directory;
}
