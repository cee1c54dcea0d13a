import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOptionalPackage, isPostgresUrl } from "../src/index.js";

let root: string;

/** A directory with a package.json, and `optional-thing` in its node_modules answering `answer`. */
async function applicationWith(directory: string, answer: string | undefined): Promise<string> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, "package.json"), JSON.stringify({ name: "app", private: true }));
  if (answer !== undefined) {
    const pkg = join(directory, "node_modules", "optional-thing");
    await mkdir(pkg, { recursive: true });
    await writeFile(
      join(pkg, "package.json"),
      JSON.stringify({ name: "optional-thing", type: "module", exports: { ".": { default: "./index.js" } } }),
    );
    await writeFile(join(pkg, "index.js"), `export const answer = ${JSON.stringify(answer)};\n`);
  }
  return directory;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "smskit-optional-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("importOptionalPackage", () => {
  const missing = () => new Error("install optional-thing");

  it("loads the package the application installed, before the one beside the caller", async () => {
    const application = await applicationWith(join(root, "app"), "the application's");
    const beside = await applicationWith(join(root, "tool"), "the tool's");
    const module = await importOptionalPackage<{ answer: string }>("optional-thing", {
      from: join(application, "src", "deep"),
      beside: pathToFileURL(join(beside, "cli.js")).href,
      missing,
    });
    expect(module.answer).toBe("the application's");
  });

  it("falls back to the package beside the caller when the application has none", async () => {
    const application = await applicationWith(join(root, "bare"), undefined);
    const beside = await applicationWith(join(root, "tool2"), "the tool's");
    const module = await importOptionalPackage<{ answer: string }>("optional-thing", {
      from: application,
      beside: join(beside, "cli.js"),
      missing,
    });
    expect(module.answer).toBe("the tool's");
  });

  it("throws the caller's error when the package is installed nowhere", async () => {
    const application = await applicationWith(join(root, "none"), undefined);
    await expect(importOptionalPackage("optional-thing", { from: application, missing })).rejects.toThrow(
      "install optional-thing",
    );
  });
});

describe("isPostgresUrl", () => {
  it("tells PostgreSQL URLs from store files", () => {
    expect(isPostgresUrl("postgres://u:p@h/db")).toBe(true);
    expect(isPostgresUrl("POSTGRESQL://h/db")).toBe(true);
    expect(isPostgresUrl("./data/smskit.db")).toBe(false);
    expect(isPostgresUrl("postgres.db")).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });
});
