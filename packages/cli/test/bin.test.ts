import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AppDirectory, FakeHttpServer } from "@smskit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayServer } from "./support/gateway-server.js";
import { createLinkedApp, firstPartyProviders } from "./support/linked-app.js";
import { bin, type Outcome, packageDirectory, smskit } from "./support/spawn-cli.js";

describe("bin/smskit.js", () => {
  let app: AppDirectory;
  let directory: string;
  let server: FakeHttpServer;
  beforeAll(async () => {
    expect(existsSync(join(packageDirectory, "dist", "main.js")), "build the CLI first: tsc --build").toBe(
      true,
    );
    app = await createLinkedApp(firstPartyProviders);
    directory = app.directory;
    server = await startGatewayServer();
  });
  afterAll(async () => {
    await server.close();
    await app.remove();
  });

  it("discovers the six first-party providers of the application it runs in", async () => {
    const result = await smskit(["providers", "--json"], { cwd: directory });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const providers = JSON.parse(result.stdout) as { id: string; package: string }[];
    expect(providers.map((provider) => [provider.id, provider.package])).toEqual(
      firstPartyProviders.map((id) => [id, `@smskit/provider-${id}`]),
    );
  }, 60_000);

  it("two processes saving 20 gateways each into one new store at the same time all succeed", async () => {
    const store = join(directory, "parallel.db");
    const worker = async (id: string) => {
      const outcomes: Outcome[] = [];
      for (let index = 0; index < 20; index++) {
        outcomes.push(
          await smskit(
            [
              "gateway",
              "set",
              `${id}-${index}`,
              "--provider",
              "http",
              "--param",
              `URL=${server.url}/${id}/${index}`,
              "--param",
              "HTTP_METHOD=POST",
              "--param",
              `PASSWORD=pw-${id}-${index}`,
            ],
            { cwd: directory, env: { SMSKIT_STORE: store } },
          ),
        );
      }
      return outcomes;
    };
    const outcomes = (await Promise.all([worker("a"), worker("b")])).flat();
    expect(outcomes.filter((outcome) => outcome.code !== 0 || outcome.stderr !== "")).toEqual([]);

    // Both processes agreed on one key: every secret of all 40 gateways decrypts.
    const exported = await smskit(["export", "--store", store], { cwd: directory });
    expect(exported.code).toBe(0);
    const gateways = (
      JSON.parse(exported.stdout) as { gateways: Record<string, { parameters: { PASSWORD: string } }> }
    ).gateways;
    const expected = ["a", "b"].flatMap((id) => Array.from({ length: 20 }, (_, index) => `${id}-${index}`));
    expect(Object.keys(gateways).sort()).toEqual([...expected].sort());
    for (const name of expected) expect(gateways[name]?.parameters.PASSWORD).toBe(`pw-${name}`);
    // 41 processes one after another per worker: generous for a loaded machine.
  }, 300_000);

  it("defines an HTTP gateway and sends through it, from an argument and from standard input", async () => {
    const store = join(directory, "e2e.db");
    const set = await smskit(
      [
        "gateway",
        "set",
        "otp",
        "--provider",
        "http",
        "--param",
        `URL=${server.url}/send`,
        "--param",
        "HTTP_METHOD=POST",
        "--param",
        "SEND_DATA_AS_JSON=yes",
        "--option",
        "to={phone}",
        "--option",
        "text={otp}",
        "--secret-header",
        "Authorization=Bearer t0ken",
      ],
      { cwd: directory, env: { SMSKIT_STORE: store } },
    );
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const shown = await smskit(["gateway", "show", "otp", "--json"], {
      cwd: directory,
      env: { SMSKIT_STORE: store },
    });
    expect(JSON.parse(shown.stdout)).toMatchObject({
      provider: "http",
      parameters: { URL: `${server.url}/send`, HTTP_METHOD: "POST" },
      headers: { Authorization: "__CENSORED__" },
    });

    const sent = await smskit(["send", "otp", "+15550100", "-", "--json", "--store", store], {
      cwd: directory,
      stdin: 'Your code: 123 & "456"\n',
    });
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ gateway: "otp", provider: "http", to: "+15550100" });
    expect(server.requests.at(-1)?.headers.authorization).toBe("Bearer t0ken");
    expect(server.requests.at(-1)?.json).toEqual({
      to: "+15550100",
      text: 'Your code: 123 & "456"',
    });

    server.respond({ status: 500, body: "broken" });
    const failed = await smskit(["send", "otp", "+15550100", "hello", "--store", store], { cwd: directory });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^smskit: .*otp.* \(SMSKIT_E_[A-Z_]+\)\n$/);
  }, 120_000);

  it("exits 2 on a usage error", async () => {
    const result = await smskit(["gateway", "show"], { cwd: directory });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^smskit: 'smskit gateway show' needs the argument <name>.*\(SMSKIT_E_USAGE\)\n$/,
    );
  });

  describe("on a Node.js older than 22.12", () => {
    let pretendOld: string;
    let cache: string;
    beforeAll(async () => {
      pretendOld = join(directory, "pretend-node-20.mjs");
      await writeFile(pretendOld, 'Object.defineProperty(process.versions, "node", { value: "20.0.0" });\n');
      cache = join(directory, "node-cache");
    });
    const old = ["--import", "PRETEND"];
    const nodeArguments = () => old.map((argument) => (argument === "PRETEND" ? pretendOld : argument));

    it("says it needs Node.js >= 22.12 and exits 2 when no newer Node.js is cached", async () => {
      const result = await smskit(["--version"], {
        cwd: directory,
        env: { SMSKIT_NODE_CACHE: join(directory, "empty-cache") },
        nodeArguments: nodeArguments(),
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        /^smskit: smskit needs Node\.js >= 22\.12 \(this is Node\.js 20\.0\.0\)[^\n]*\n$/,
      );
    });

    it("runs itself again with the highest cached Node.js, passing arguments, output and exit code on", async () => {
      const marker = join(directory, "used-node.txt");
      await cachedNode(cache, "24.1.0", `echo "$@" > '${marker}'\nexec '${process.execPath}' "$@"`);
      await cachedNode(cache, "23.9.0", "echo wrong node >&2\nexit 99");
      await cachedNode(cache, "22.11.0", "echo too old >&2\nexit 98");

      const version = await smskit(["--version"], {
        cwd: directory,
        env: { SMSKIT_NODE_CACHE: cache },
        nodeArguments: nodeArguments(),
      });
      expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n", stderr: "" });
      expect((await readFile(marker, "utf8")).trim()).toBe(`${bin} --version`);

      const refused = await smskit(["gateway", "list", "--jsn"], {
        cwd: directory,
        env: { XDG_CACHE_HOME: join(cache, "..", "xdg") },
        nodeArguments: nodeArguments(),
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/needs Node\.js >= 22\.12/);

      await cachedNode(join(directory, "xdg", "smskit", "node"), "24.2.0", `exec '${process.execPath}' "$@"`);
      const viaXdg = await smskit(["gateway", "list", "--jsn"], {
        cwd: directory,
        env: { XDG_CACHE_HOME: join(directory, "xdg") },
        nodeArguments: nodeArguments(),
      });
      expect(viaXdg.code).toBe(2);
      expect(viaXdg.stderr).toMatch(/^smskit: unknown flag --jsn .*\(SMSKIT_E_USAGE\)\n$/);
    });

    it("ends with the signal that ended the cached Node.js", async () => {
      const signalCache = join(directory, "signal-cache");
      await cachedNode(signalCache, "24.0.0", "kill -TERM $$");
      const result = await smskit(["--version"], {
        cwd: directory,
        env: { SMSKIT_NODE_CACHE: signalCache },
        nodeArguments: nodeArguments(),
      });
      expect(result.signal).toBe("SIGTERM");
    });
  });
});

/** Put an executable shell script where the bootstrap would cache Node.js `version`. */
async function cachedNode(cache: string, version: string, script: string): Promise<void> {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const folder = join(cache, `node-${platform}-${process.arch}-${version}`, "package", "bin");
  await mkdir(folder, { recursive: true });
  const binary = join(folder, "node");
  await writeFile(binary, `#!/bin/sh\n${script}\n`);
  await chmod(binary, 0o755);
}
