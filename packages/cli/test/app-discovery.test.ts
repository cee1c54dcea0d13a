import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AppDirectory, createAppDirectory, type FakeHttpServer, runProcess } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoPackage } from "./support/fixture-app.js";
import { startGatewayServer } from "./support/gateway-server.js";
import { createLinkedApp, echoInstalled, firstPartyProviders } from "./support/linked-app.js";

const packageDirectory = fileURLToPath(new URL("..", import.meta.url));
const bin = join(packageDirectory, "bin", "smskit.js");

/** Run the real executable in `cwd` with only PATH, HOME and `env` in its environment. */
function smskit(argv: readonly string[], cwd: string, env: Record<string, string> = {}) {
  return runProcess(process.execPath, [bin, ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
  });
}

/** The `[id, package]` pairs of `smskit providers --json`. */
function listed(stdout: string): string[][] {
  return (JSON.parse(stdout) as { id: string; package: string }[]).map((entry) => [entry.id, entry.package]);
}

describe("the CLI discovers the providers of the application it runs in", () => {
  let app: AppDirectory;
  let bare: AppDirectory;
  let outside: string;
  let server: FakeHttpServer;
  beforeAll(async () => {
    app = await createLinkedApp(["http"], { echo: true });
    bare = await createAppDirectory({ prefix: "smskit-bare-", packageJson: { dependencies: {} } });
    outside = await mkdtemp(join(tmpdir(), "smskit-nowhere-"));
    server = await startGatewayServer();
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([app.remove(), bare.remove(), rm(outside, { recursive: true, force: true })]);
  });

  it("lists the first- and third-party providers of the nearest package.json upward, from a nested directory", async () => {
    const nested = join(app.directory, "config", "smskit");
    await mkdir(nested, { recursive: true });
    const result = await smskit(["providers", "--json"], nested);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(listed(result.stdout)).toEqual([
      ["echo", echoPackage],
      ["http", "@smskit/provider-http"],
    ]);
  }, 30_000);

  it("takes the application from --app DIR or SMSKIT_APP, from anywhere; --app wins over SMSKIT_APP", async () => {
    const byFlag = await smskit(["providers", "--json", "--app", app.directory], bare.directory);
    expect(listed(byFlag.stdout).map(([id]) => id)).toEqual(["echo", "http"]);
    const byEnvironment = await smskit(["providers", "--json"], outside, { SMSKIT_APP: app.directory });
    expect(listed(byEnvironment.stdout).map(([id]) => id)).toEqual(["echo", "http"]);
    const both = await smskit(["providers", "--json", "--app", bare.directory], outside, {
      SMSKIT_APP: app.directory,
    });
    expect(both).toMatchObject({ code: 0, stdout: "[]\n" });
  }, 30_000);

  it("validates against a third-party provider's schema and sends through it", async () => {
    const store = join(app.directory, "gateways.db");
    const refused = await smskit(
      ["gateway", "set", "acme", "--provider", "echo", "--param", "URL=not a url", "--store", store],
      app.directory,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^smskit: .*'acme'.*URL.*\(SMSKIT_E_GATEWAY_INVALID\)\n$/);
    const saved = await smskit(
      ["gateway", "set", "acme", "--provider", "echo", "--param", `URL=${server.url}/in`, "--store", store],
      app.directory,
    );
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    const sent = await smskit(
      ["send", "acme", "+15550100", "hello", "--json", "--store", store],
      app.directory,
    );
    expect(sent).toMatchObject({ code: 0, stderr: "" });
    expect(server.requests.at(-1)?.json).toMatchObject({ to: "+15550100", text: "hello" });
  }, 30_000);

  it("says where it looked and how to install a provider when the application lists none", async () => {
    const result = await smskit(["providers"], bare.directory);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(
      `the package.json in ${bare.directory} lists no installed smskit provider`,
    );
    expect(result.stdout).toContain("npm install @smskit/provider-http");
    expect(result.stdout).toContain("install the 'smskit' package");
    const json = await smskit(["providers", "--json"], bare.directory);
    expect(json).toMatchObject({ code: 0, stdout: "[]\n" });
  }, 30_000);

  it("says that it found no application when no package.json is above the current directory", async () => {
    const result = await smskit(["providers"], outside);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`there is no package.json in ${outside} or any directory above it`);
    expect(result.stdout).toContain("--app DIR or SMSKIT_APP");
  });

  it("offers the providers of the smskit package an application depends on, when it lists no provider itself", async () => {
    const bundled = await createAppDirectory({
      packageJson: { dependencies: { smskit: "*" } },
      installed: { smskit: { link: fileURLToPath(new URL("../../smskit", import.meta.url)) } },
    });
    try {
      const result = await smskit(["providers", "--json"], bundled.directory);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(listed(result.stdout).map(([id]) => id)).toEqual(firstPartyProviders);
    } finally {
      await bundled.remove();
    }
  }, 30_000);

  it("refuses --app naming a directory without a package.json, with exit 2", async () => {
    const result = await smskit(["providers", "--app", outside], bare.directory);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `smskit: --app names ${outside}, which holds no package.json; give the directory of the application whose providers smskit should use (SMSKIT_E_USAGE)\n`,
    );
  });

  it("uses installed devDependencies and passes over devDependencies that are not installed", async () => {
    const development = await createAppDirectory({
      packageJson: { devDependencies: { [echoPackage]: "1.2.3", "@smskit/provider-smpp": "*" } },
      installed: { [echoPackage]: echoInstalled },
    });
    try {
      const result = await smskit(["providers", "--json"], development.directory);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(listed(result.stdout)).toEqual([["echo", echoPackage]]);
    } finally {
      await development.remove();
    }
  });
});

describe("@smskit/cli's own package.json", () => {
  it("depends on no provider package", async () => {
    const manifest = JSON.parse(await readFile(join(packageDirectory, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const providers = [];
    for (const name of Object.keys(manifest.dependencies)) {
      const installed = JSON.parse(
        await readFile(join(packageDirectory, "node_modules", name, "package.json"), "utf8"),
      ) as { smskit?: unknown };
      if (installed.smskit !== undefined) providers.push(name);
    }
    expect(providers).toEqual([]);
  });
});
