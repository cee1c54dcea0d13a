import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { runProcess } from "./run-process.js";

/** What `packagesLoaded` should do after importing the provider package. */
export interface PackagesLoadedOptions {
  /**
   * A gateway to save and send one message through (with core, in the same child process), so
   * that `create()` runs. Point it at something that refuses: the send may fail, it only has to
   * create the instance.
   */
  readonly gateway?: { readonly parameters: Record<string, unknown>; readonly recipient: string };
  /** SMTP server definitions to save first (for a gateway that names one). */
  readonly smtpServers?: readonly Record<string, unknown>[];
  /** The directory `@smskit/core` is resolved from (default: the entry's directory). */
  readonly resolveFrom?: string;
}

/** Which of the watched packages a provider package loaded. */
export interface PackagesLoaded {
  /** Loaded by importing the package's entry (the manifest). */
  readonly onImport: readonly string[];
  /** Every package the import loaded from a node_modules folder, sorted (workspace links resolve elsewhere). */
  readonly everyPackageOnImport: readonly string[];
  /** Loaded by the end of the first send, which ran `create()` (when a gateway was given). */
  readonly afterCreate: readonly string[] | undefined;
}

/**
 * Import a provider package in a fresh Node process that records every module it resolves (ESM
 * and CommonJS, through a `module.registerHooks` resolve hook) and report which of `packages`
 * (npm names, e.g. `undici`) were loaded on import — and, with a gateway, after `create()`.
 * Proves that a manifest loads no SDK until an instance is made.
 */
export async function packagesLoaded(
  entry: string,
  packages: readonly string[],
  options: PackagesLoadedOptions = {},
): Promise<PackagesLoaded> {
  const directory = options.resolveFrom ?? dirname(entry.startsWith("file:") ? fileURLToPath(entry) : entry);
  const outcome = await runProcess(
    process.execPath,
    ["--input-type=module", "-e", childScript, entry, JSON.stringify({ packages, ...options })],
    { cwd: directory, env: { PATH: process.env.PATH ?? "", HOME: directory } },
  );
  const line = outcome.stdout.trim().split("\n").at(-1) ?? "";
  if (outcome.code !== 0 || !line.startsWith("{")) {
    throw new Error(
      `the probe process failed (exit ${outcome.code}): ${outcome.stderr.trim() || outcome.stdout.trim()}`,
    );
  }
  return JSON.parse(line) as PackagesLoaded;
}

const childScript = `
import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";
const resolved = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.push(result.url);
    return result;
  },
});
const [entry, optionsText] = process.argv.slice(1);
const options = JSON.parse(optionsText);
const loaded = () => options.packages.filter((name) => resolved.some((url) => url.includes("/node_modules/" + name + "/")));
const manifest = (await import(entry.startsWith("file:") ? entry : pathToFileURL(entry).href)).default;
const onImport = loaded();
const everyPackageOnImport = [...new Set(resolved.filter((url) => url.includes("/node_modules/")).map(packageOf))].sort();
function packageOf(url) {
  const path = url.split("/node_modules/").at(-1);
  return path.split("/").slice(0, path.startsWith("@") ? 2 : 1).join("/");
}
let afterCreate;
if (options.gateway) {
  const { createSmskit } = await import("@smskit/core");
  const smskit = await createSmskit({ providers: [manifest] });
  for (const server of options.smtpServers ?? []) await smskit.saveSmtpServer(server);
  await smskit.saveGateway({ name: "probe", provider: manifest.id, parameters: options.gateway.parameters });
  await smskit.send("probe", options.gateway.recipient, "probe", { timeoutMs: 5000 }).catch(() => {});
  afterCreate = loaded();
  await smskit.close();
}
console.log(JSON.stringify({ onImport, everyPackageOnImport, afterCreate }));
`;
