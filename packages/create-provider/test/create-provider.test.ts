import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { providerIdPattern as coreIdPattern } from "@smskit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main, providerIdPattern } from "../src/index.js";

const own = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

class Collector {
  text = "";
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

async function create(argv: string[], cwd: string, stdin = "") {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await main(argv, { stdin: Readable.from([stdin]), stdout, stderr, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("create-provider", () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), "create-provider-"));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const read = (...path: string[]) => readFileSync(join(base, ...path), "utf8");

  it("scaffolds from flags alone, asking nothing", async () => {
    const result = await create(
      ["--id", "acme", "--name", "Acme SMS", "--dir", "out", "--author", "Jo Doe"],
      base,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created smskit-provider-acme \(provider 'acme'\) in .*out: 10 files\./);
    expect(result.stdout).not.toMatch(/\?|e\.g\. acme\)/);
    expect(readdirSync(join(base, "out")).sort()).toEqual(
      [
        ".changeset",
        ".gitignore",
        "LICENSE",
        "README.md",
        "package.json",
        "scripts",
        "src",
        "test",
        "tsconfig.json",
      ].sort(),
    );
    expect(read("out", "src", "index.ts")).toContain('id: "acme"');
    expect(read("out", "LICENSE")).toContain(`Copyright (c) ${new Date().getFullYear()} Jo Doe`);
    expect(JSON.parse(read("out", ".changeset", "config.json")).access).toBe("public");
  });

  it("writes a publish-ready package.json with this release's versions", async () => {
    expect((await create(["--id", "acme", "--name", "Acme SMS", "--dir", "out"], base)).code).toBe(0);
    const manifest = JSON.parse(read("out", "package.json"));
    expect(manifest).toMatchObject({
      name: "smskit-provider-acme",
      version: "0.1.0",
      type: "module",
      sideEffects: false,
      files: ["dist"],
      engines: { node: ">=22.12" },
      smskit: { provider: "./dist/index.js" },
      license: "MIT",
    });
    expect(Object.keys(manifest.exports["."])).toEqual(["types", "default"]);
    expect(manifest.keywords).toEqual(expect.arrayContaining(["smskit", "smskit-provider"]));
    const providerVersion = JSON.parse(
      readFileSync(new URL("../../provider/package.json", import.meta.url), "utf8"),
    );
    expect(manifest.peerDependencies).toEqual({ "@smskit/provider": `^${providerVersion.version}` });
    for (const name of ["typescript", "vitest", "@types/node"])
      expect(manifest.devDependencies[name]).toBe(own.devDependencies[name]);
    expect(Object.keys(manifest.devDependencies)).toEqual(
      expect.arrayContaining(["@smskit/provider", "@smskit/testkit", "@smskit/core", "@smskit/docgen"]),
    );
    expect(manifest.dependencies.undici).toBe(own.devDependencies.undici);
    expect(manifest.dependencies["@smskit/provider-utils"]).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it("puts another id, name and scope everywhere, error codes included", async () => {
    const args = ["--id", "my-sms", "--name", "My SMS", "--scope", "@me", "--dir", "x"];
    expect((await create(args, base)).code).toBe(0);
    const source = read("x", "src", "index.ts");
    expect(source).toContain('id: "my-sms"');
    expect(source).toContain('displayName: "My SMS"');
    expect(source).toContain('"SMSKIT_E_MY_SMS_REJECTED"');
    expect(source).not.toMatch(/acme/i);
    expect(JSON.parse(read("x", "package.json")).name).toBe("@me/smskit-provider-my-sms");
    expect(read("x", "README.md")).toContain("# @me/smskit-provider-my-sms");
  });

  it("generates the README's parameter table from the schema", async () => {
    expect((await create(["--id", "acme", "--name", "Acme SMS", "--dir", "out"], base)).code).toBe(0);
    const readme = read("out", "README.md");
    expect(readme).toMatch(/\| `URL` \| string \| yes \|/);
    expect(readme).toMatch(/\| `API_KEY` \|.*\| yes \| Sent as/);
    expect(readme).toMatch(/\| `TIMEOUT` \|.*`10`/);
  });

  it("asks for what the flags leave out", async () => {
    const result = await create([], base, `Bad Id\nacme\nAcme SMS\nasked\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Provider id (e.g. acme): ");
    expect(result.stderr).toContain("the id 'Bad Id' is not a provider id");
    expect(JSON.parse(read("asked", "package.json")).name).toBe("smskit-provider-acme");
  });

  it("refuses an invalid id and a non-empty directory, writing nothing", async () => {
    const bad = await create(["--id", "Acme!", "--name", "Acme", "--dir", "out"], base);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the id 'Acme!' is not a provider id.*nothing was written/);
    expect(readdirSync(base)).toEqual([]);
    mkdirSync(join(base, "taken"));
    writeFileSync(join(base, "taken", "keep.txt"), "mine");
    const taken = await create(["--id", "acme", "--name", "Acme", "--dir", "taken"], base);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/taken is not empty/);
    expect(readdirSync(join(base, "taken"))).toEqual(["keep.txt"]);
  });

  it("fails clearly when the input ends before the questions are answered", async () => {
    const result = await create(["--id", "acme"], base, "");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the input ended before every question was answered");
  });

  it("checks ids with core's pattern", () => {
    expect(providerIdPattern.source).toBe(coreIdPattern.source);
  });
});
