import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createContainer,
  createSmskit,
  discoverProviders,
  findApplicationDirectory,
  providerRegistry,
} from "../src/index.js";

let application: string;

/** Write a package into the fixture application's node_modules. */
async function installPackage(
  name: string,
  packageJson: Record<string, unknown>,
  files: Record<string, string>,
) {
  const directory = join(application, "node_modules", name);
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, "package.json"),
    JSON.stringify({ name, version: "1.2.3", type: "module", ...packageJson }),
  );
  for (const [file, content] of Object.entries(files)) await writeFile(join(directory, file), content);
}

const manifestSource = (id: string) => `export default {
  specVersion: 1, id: ${JSON.stringify(id)}, kind: "sms", displayName: "Echo", description: "Echoes.",
  optionsAllowed: false, headersAllowed: false,
  parameters: { type: "object", properties: { URL: { type: "string", description: "Where." } } },
  create: () => ({ send: async (message) => ({ messageId: message.to }) }),
};`;

async function writeApplication(dependencies: string[], devDependencies: string[] = []) {
  const entries = (names: string[]) => Object.fromEntries(names.map((name) => [name, "1.2.3"]));
  await writeFile(
    join(application, "package.json"),
    JSON.stringify({
      name: "fixture-app",
      dependencies: entries(dependencies),
      devDependencies: entries(devDependencies),
    }),
  );
}

beforeAll(async () => {
  // Outside the workspace: a temporary application with its own node_modules.
  application = await mkdtemp(join(tmpdir(), "smskit-discovery-"));
  await installPackage(
    "smskit-provider-echo",
    { smskit: { provider: "./index.js" } },
    { "index.js": manifestSource("echo") },
  );
  await installPackage(
    "@acme/smskit-provider-acme",
    { smskit: { provider: "./main.js" } },
    { "main.js": manifestSource("acme") },
  );
  await installPackage(
    "broken-provider",
    { smskit: { provider: "./index.js" } },
    { "index.js": 'throw new Error("boom at import");' },
  );
  await installPackage(
    "invalid-provider",
    { smskit: { provider: "./index.js" } },
    { "index.js": "export default { specVersion: 1, id: 'Bad Id' };" },
  );
  await installPackage("not-a-provider", {}, { "index.js": "export default 1;" });
});

afterAll(async () => {
  await rm(application, { recursive: true, force: true });
});

describe("discovery from the application's package.json", () => {
  it("registers every installed provider package the application depends on, with package and version", async () => {
    await writeApplication(["smskit-provider-echo", "@acme/smskit-provider-acme", "not-a-provider"]);
    const container = createContainer();
    const result = await discoverProviders(container, { packageJson: join(application, "package.json") });
    expect(result.failures).toEqual([]);
    expect(
      result.providers.map((entry) => [entry.manifest.id, entry.origin.package, entry.origin.version]),
    ).toEqual([
      ["acme", "@acme/smskit-provider-acme", "1.2.3"],
      ["echo", "smskit-provider-echo", "1.2.3"],
    ]);
    expect(providerRegistry(container).list()).toHaveLength(2);
  });

  it("forgets a provider whose dependency was removed", async () => {
    await writeApplication(["@acme/smskit-provider-acme"]);
    const smskit = await createSmskit({ discover: { packageJson: join(application, "package.json") } });
    expect(smskit.providers().map((provider) => provider.id)).toEqual(["acme"]);
  });

  it("reports broken, invalid and missing packages by name and still loads the others", async () => {
    await writeApplication([
      "smskit-provider-echo",
      "broken-provider",
      "invalid-provider",
      "missing-provider",
    ]);
    const smskit = await createSmskit({ discover: { packageJson: join(application, "package.json") } });
    expect(smskit.providers().map((provider) => provider.id)).toEqual(["echo"]);
    const failures = Object.fromEntries(
      smskit.discoveryFailures.map((failure) => [failure.package, failure]),
    );
    expect(failures["broken-provider"]).toMatchObject({ code: "SMSKIT_E_DISCOVERY_IMPORT" });
    expect(failures["broken-provider"]?.reason).toContain("boom at import");
    expect(failures["invalid-provider"]).toMatchObject({ code: "SMSKIT_E_MANIFEST_ID" });
    expect(failures["missing-provider"]?.reason).toContain("not installed");
    await smskit.saveGateway({ name: "e", provider: "echo", parameters: { URL: "x" } });
    expect((await smskit.send("e", "+49", "hi")).messageId).toBe("+49");
  });
});

describe("discovery from the application's directory", () => {
  it("takes the directory holding package.json and resolves the providers from its node_modules", async () => {
    await writeApplication(["smskit-provider-echo"]);
    const smskit = await createSmskit({ discover: { directory: application } });
    expect(smskit.providers().map((provider) => [provider.id, provider.package])).toEqual([
      ["echo", "smskit-provider-echo"],
    ]);
  });

  it("loads a provider installed as a symbolic link (pnpm, npm link)", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "smskit-linked-"));
    try {
      await writeFile(
        join(elsewhere, "package.json"),
        JSON.stringify({
          name: "linked-provider",
          version: "4.5.6",
          type: "module",
          smskit: { provider: "./index.js" },
        }),
      );
      await writeFile(join(elsewhere, "index.js"), manifestSource("linked"));
      await symlink(elsewhere, join(application, "node_modules", "linked-provider"), "dir");
      await writeApplication(["linked-provider"]);
      const result = await discoverProviders(createContainer(), { directory: application });
      expect(result.failures).toEqual([]);
      expect(result.providers.map((entry) => [entry.manifest.id, entry.origin.version])).toEqual([
        ["linked", "4.5.6"],
      ]);
    } finally {
      await rm(join(application, "node_modules", "linked-provider"), { force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("with includeDevDependencies loads installed devDependencies and passes over missing ones", async () => {
    await writeApplication([], ["@acme/smskit-provider-acme", "missing-dev-provider"]);
    const result = await discoverProviders(createContainer(), {
      directory: application,
      includeDevDependencies: true,
    });
    expect(result.failures).toEqual([]);
    expect(result.providers.map((entry) => entry.manifest.id)).toEqual(["acme"]);
    const without = await discoverProviders(createContainer(), { directory: application });
    expect(without.providers).toEqual([]);
  });

  it("without packageJson or directory refuses with a coded error", async () => {
    await expect(discoverProviders(createContainer(), {})).rejects.toMatchObject({ code: "SMSKIT_E_USAGE" });
  });
});

describe("findApplicationDirectory", () => {
  it("finds the nearest directory with a package.json from a nested directory upward", async () => {
    await writeApplication([]);
    const nested = join(application, "config", "deep");
    await mkdir(nested, { recursive: true });
    expect(findApplicationDirectory(nested)).toBe(application);
    expect(findApplicationDirectory(application)).toBe(application);
  });

  it("answers undefined when no directory up to the root has one", () => {
    expect(findApplicationDirectory("/")).toBe(existsSync("/package.json") ? "/" : undefined);
  });
});
