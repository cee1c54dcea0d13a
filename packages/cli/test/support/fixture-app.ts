import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throw-away application directory: its package.json lists the echo provider package. */
export interface FixtureApp {
  /** The temporary directory (also the working directory of the commands under test). */
  readonly directory: string;
  /** The application's package.json, handed to `runCli` as `packageJson`. */
  readonly packageJson: string;
  /** The store file the tests pass with `--store`. */
  readonly store: string;
  remove(): Promise<void>;
}

/** The provider's id and package name. */
export const echoPackage = "smskit-provider-echo";

/**
 * The echo provider (a third-party provider package as it is installed): a plain manifest (no build step, no imports) whose send POSTs the
 * message as JSON to URL and reports the `id` of the JSON answer as the message id (and, shortly after,
 * the answer's `receipts` as delivery receipts).
 */
export const echoProviderSource = `
export default {
  specVersion: 1,
  id: "echo",
  kind: "sms",
  displayName: "Echo test provider",
  description: "POSTs every message as JSON to URL; for the CLI's tests.",
  parameters: {
    type: "object",
    properties: {
      URL: { type: "string", format: "http-url", description: "Where messages are POSTed." },
      HTTP_METHOD: { type: "string", enum: ["GET", "POST"], default: "POST", description: "The request method." },
      TIMEOUT: { type: "number", description: "Seconds to wait for the answer." },
      PASSWORD: { type: "string", writeOnly: true, description: "Sent along as the password field." },
      REGEXP: { type: "string", format: "phone-rewrite", description: "Recipient rewrite /pattern/replacement/." },
    },
    required: ["URL"],
  },
  optionsAllowed: true,
  headersAllowed: false,
  legacyNames: ["tests.EchoProvider"],
  presets: [
    {
      name: "local",
      description: "A gateway on this machine; give URL.",
      parameters: { HTTP_METHOD: "POST", TIMEOUT: 5 },
      options: { from: "smskit", priority: "low" },
    },
    {
      name: "vault",
      description: "A gateway that wants an account and a pin; give URL, account and pin.",
      parameters: { HTTP_METHOD: "POST" },
      options: { from: "smskit" },
      secretOptions: ["account", "pin"],
    },
  ],
  create(config, context) {
    return {
      async send(message, { signal }) {
        const response = await fetch(config.parameters.URL, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            to: message.to,
            text: message.text,
            title: message.title,
            data: message.data,
            options: message.options,
            password: config.parameters.PASSWORD,
            scriptDirectory: await context.resources.get("directory", "scripts"),
          }),
          signal,
        });
        const body = await response.text();
        if (!response.ok) throw new Error("the gateway answered HTTP " + response.status + ": " + body);
        const answer = JSON.parse(body);
        // An answer naming receipts: the gateway reports them on its own connection afterwards.
        for (const [index, status] of (answer.receipts ?? []).entries()) {
          setTimeout(() => context.receipt({ messageId: answer.id, status }), 20 * (index + 1));
        }
        return { messageId: answer.id, parts: 1 };
      },
    };
  },
};
`;

/** Provider packages made for another contract: a peer range on a future `@smskit/provider`, and specVersion 2. */
const incompatiblePackages = {
  "smskit-provider-future": {
    peerDependencies: { "@smskit/provider": "^2.0.0" },
    source: echoProviderSource.replace('id: "echo"', 'id: "future"'),
  },
  "smskit-provider-spec-two": {
    peerDependencies: {},
    source: echoProviderSource
      .replace('id: "echo"', 'id: "spectwo"')
      .replace("specVersion: 1", "specVersion: 2"),
  },
};

/**
 * Create the fixture application in a new temporary directory. With `broken`, the
 * application also depends on a provider package whose entry module does not exist; with
 * `incompatible`, on two packages made for another provider contract.
 */
export async function createFixtureApp(
  options: { broken?: boolean; incompatible?: boolean } = {},
): Promise<FixtureApp> {
  const directory = await mkdtemp(join(tmpdir(), "smskit-cli-"));
  const dependencies: Record<string, string> = { [echoPackage]: "1.2.3" };
  if (options.broken) dependencies["smskit-provider-broken"] = "0.0.1";
  if (options.incompatible)
    for (const name of Object.keys(incompatiblePackages)) dependencies[name] = "3.0.0";
  await writeJson(join(directory, "package.json"), { name: "fixture-app", private: true, dependencies });
  const echo = join(directory, "node_modules", echoPackage);
  await mkdir(echo, { recursive: true });
  await writeJson(join(echo, "package.json"), {
    name: echoPackage,
    version: "1.2.3",
    type: "module",
    smskit: { provider: "./index.js" },
  });
  await writeFile(join(echo, "index.js"), echoProviderSource);
  if (options.broken) {
    const broken = join(directory, "node_modules", "smskit-provider-broken");
    await mkdir(broken, { recursive: true });
    await writeJson(join(broken, "package.json"), {
      name: "smskit-provider-broken",
      version: "0.0.1",
      type: "module",
      smskit: { provider: "./missing.js" },
    });
  }
  for (const [name, { peerDependencies, source }] of options.incompatible
    ? Object.entries(incompatiblePackages)
    : []) {
    const folder = join(directory, "node_modules", name);
    await mkdir(folder, { recursive: true });
    await writeJson(join(folder, "package.json"), {
      name,
      version: "3.0.0",
      type: "module",
      smskit: { provider: "./index.js" },
      peerDependencies,
    });
    await writeFile(join(folder, "index.js"), source);
  }
  return {
    directory,
    packageJson: join(directory, "package.json"),
    store: join(directory, "gateways.db"),
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
