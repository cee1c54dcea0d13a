import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AppDirectory, createAppDirectory, runProcess } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDirectory = fileURLToPath(new URL("..", import.meta.url));
const bin = join(packageDirectory, "bin", "smskit.js");
const firstParty = ["firebase", "http", "script", "sipgate", "smpp", "smtp"];

/** Run the smskit package's executable in `cwd` with only PATH and HOME in its environment. */
function smskit(argv: readonly string[], cwd: string) {
  return runProcess(process.execPath, [bin, ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd },
  });
}

/** The ids `smskit providers --json` printed. */
function ids(stdout: string): string[] {
  return (JSON.parse(stdout) as { id: string }[]).map((provider) => provider.id);
}

/** A provider package as a third party publishes it: a plain manifest, no build step. */
const acme = {
  packageJson: {
    name: "smskit-provider-acme",
    version: "2.0.0",
    type: "module",
    smskit: { provider: "./index.js" },
  },
  files: {
    "index.js": `export default {
  specVersion: 1, id: "acme", kind: "sms", displayName: "Acme", description: "Acme's gateway.",
  optionsAllowed: false, headersAllowed: false,
  parameters: { type: "object", properties: { URL: { type: "string", description: "Where." } } },
  create: () => ({ send: async () => ({}) }),
};
`,
  },
};

describe("the smskit package's executable", () => {
  let outside: string;
  let empty: AppDirectory;
  let withProvider: AppDirectory;
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), "smskit-nowhere-"));
    empty = await createAppDirectory({
      packageJson: { dependencies: { express: "*" } },
      installed: { express: { packageJson: { name: "express", version: "5.1.0" } } },
    });
    withProvider = await createAppDirectory({
      packageJson: { dependencies: { "smskit-provider-acme": "2.0.0" } },
      installed: { "smskit-provider-acme": acme },
    });
  });
  afterAll(async () => {
    await Promise.all([rm(outside, { recursive: true, force: true }), empty.remove(), withProvider.remove()]);
  });

  it("offers its six first-party providers where no package.json is found upward, and says so", async () => {
    const json = await smskit(["providers", "--json"], outside);
    expect(json).toMatchObject({ code: 0, stderr: "" });
    expect(ids(json.stdout)).toEqual(firstParty);
    const table = await smskit(["providers"], outside);
    expect(table.stdout).toContain(
      "These are the providers bundled with the smskit package: no application (package.json) was found from the current directory upward.",
    );
  }, 30_000);

  it("offers its own providers in an application that lists no provider, naming the application", async () => {
    const table = await smskit(["providers"], empty.directory);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    expect(
      table.stdout
        .split("\n")
        .slice(1, 7)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(firstParty);
    expect(table.stdout).toContain(`the application at ${empty.directory} lists no provider package`);
  }, 30_000);

  it("offers exactly the application's providers when it lists one, without adding its own", async () => {
    const result = await smskit(["providers", "--json"], withProvider.directory);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(ids(result.stdout)).toEqual(["acme"]);
  }, 30_000);

  it("offers none of its own for an application named with --app that lists none", async () => {
    const result = await smskit(["providers", "--app", empty.directory], outside);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(
      `the package.json in ${empty.directory} lists no installed smskit provider`,
    );
  });
});

describe("the smskit package's package.json", () => {
  it("depends on the CLI and every first-party provider", async () => {
    const manifest = JSON.parse(await readFile(join(packageDirectory, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(["@smskit/cli", ...firstParty.map((id) => `@smskit/provider-${id}`)]),
    );
    expect(manifest.bin).toEqual({ smskit: "./bin/smskit.js" });
  });
});
