import { existsSync, lstatSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAppDirectory, runProcess } from "../src/index.js";

describe("createAppDirectory", () => {
  it("writes the package.json and installs packages as files and as links; remove() leaves link targets alone", async () => {
    const target = await mkdtemp(join(tmpdir(), "smskit-link-target-"));
    await writeFile(join(target, "package.json"), JSON.stringify({ name: "linked", version: "1.0.0" }));
    const app = await createAppDirectory({
      packageJson: { dependencies: { "@acme/written": "1.0.0", linked: "1.0.0" } },
      installed: {
        "@acme/written": {
          packageJson: { name: "@acme/written", version: "1.0.0" },
          files: { "lib/index.js": "export default 1;\n" },
        },
        linked: { link: target },
      },
    });
    try {
      expect(JSON.parse(readFileSync(join(app.directory, "package.json"), "utf8"))).toEqual({
        name: "fixture-app",
        private: true,
        dependencies: { "@acme/written": "1.0.0", linked: "1.0.0" },
      });
      expect(readFileSync(join(app.directory, "node_modules/@acme/written/lib/index.js"), "utf8")).toBe(
        "export default 1;\n",
      );
      expect(lstatSync(join(app.directory, "node_modules/linked")).isSymbolicLink()).toBe(true);
      await app.remove();
      expect(existsSync(app.directory)).toBe(false);
      expect(existsSync(join(target, "package.json"))).toBe(true);
    } finally {
      await app.remove();
      await rm(target, { recursive: true, force: true });
    }
  });
});

describe("runProcess", () => {
  it("passes standard input and only the given environment, and collects output and the exit code", async () => {
    const script =
      "process.stdin.pipe(process.stdout); process.stderr.write(String(process.env.ONLY)); process.on('exit', () => { process.exitCode = 3; });";
    const outcome = await runProcess(process.execPath, ["-e", script], {
      cwd: tmpdir(),
      env: { ONLY: "this" },
      stdin: "hello",
    });
    expect(outcome).toEqual({ code: 3, signal: null, stdout: "hello", stderr: "this" });
  });
});
