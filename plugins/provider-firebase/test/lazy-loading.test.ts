import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { startFcmFake } from "@smskit/testkit";
import { expect, it } from "vitest";
import { closedPort } from "./firebase-harness.js";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const distEntry = join(packageDirectory, "dist", "index.js");

/**
 * A child Node process that records every module it resolves (ESM and CommonJS alike, through a
 * `module.registerHooks` resolve hook), imports the built package, registers it, lists the
 * providers, saves a gateway (running the save-time check of the key file), creates an
 * instance — and reports which resolved URLs contain `firebase-admin`. Then it runs `check()`
 * on a gateway aimed at a closed loopback port, which must load firebase-admin (proving the
 * hook sees it).
 */
const childScript = `
import { registerHooks } from "node:module";
const resolved = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.push(result.url);
    return result;
  },
});
const [entry, keyFile, port] = process.argv.slice(1);
const firebaseModules = () => resolved.filter((url) => url.includes("firebase-admin"));
const { createSmskit, silentLogger } = await import("@smskit/core");
const provider = await import(entry);
const smskit = await createSmskit({ providers: [provider.default] });
const listed = smskit.providers().map((info) => info.id);
await smskit.saveGateway({ name: "push", provider: "firebase", parameters: { "JSON config file": keyFile } });
const config = { gateway: "push", revision: 1, parameters: { "JSON config file": keyFile }, options: {}, headers: {} };
const context = {
  gateway: "push",
  logger: silentLogger,
  now: Date.now,
  redact: (text) => text,
  redactWith: () => (text) => text,
  isSecretKey: () => false,
  resources: { get: async () => undefined },
};
const idle = await provider.default.create(config, context);
const beforeUse = firebaseModules();
const routed = provider.createFirebaseProvider({
  httpAgent: ({ proxy }) => new provider.GoogleAgent({ proxy, route: () => ({ host: "127.0.0.1", port: Number(port) }) }),
});
const instance = await routed.create(config, context);
let checkCode;
try {
  await instance.check({ signal: AbortSignal.timeout(10000) });
} catch (error) {
  checkCode = error.code;
}
await instance.close();
await idle.close();
await smskit.close();
process.stdout.write(JSON.stringify({ listed, beforeUse, afterCheck: firebaseModules(), checkCode }));
`;

it("loads firebase-admin only when a gateway is checked or sends, not on import, registration, save or create", async () => {
  expect(existsSync(distEntry), "build the package first (tsc --build)").toBe(true);
  const fake = await startFcmFake();
  const directory = await mkdtemp(join(tmpdir(), "smskit-firebase-lazy-"));
  try {
    const keyFile = join(directory, "service-account.json");
    await writeFile(keyFile, JSON.stringify(fake.serviceAccount()));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        childScript,
        pathToFileURL(distEntry).href,
        keyFile,
        String(await closedPort()),
      ],
      { cwd: packageDirectory, timeout: 30_000 },
    );
    const report = JSON.parse(stdout) as {
      listed: string[];
      beforeUse: string[];
      afterCheck: string[];
      checkCode: string | undefined;
    };

    expect(report.listed).toEqual(["firebase"]);
    expect(report.beforeUse).toEqual([]);
    expect(report.checkCode).toBe("SMSKIT_E_FIREBASE_UNREACHABLE");
    expect(report.afterCheck.some((url) => url.includes("firebase-admin/lib/esm/app"))).toBe(true);
    expect(report.afterCheck.some((url) => url.includes("firebase-admin/lib/messaging"))).toBe(true);
  } finally {
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  }
});
