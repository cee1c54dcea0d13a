import { jsonOption } from "../option-specs.js";
import { writeJson, writeTable } from "../output.js";
import type { ProviderSource } from "../provider-source.js";
import type { Command, CommandContext } from "./command-context.js";

/** `smskit providers [--json]`: the installed providers. */
async function listProviders({ io, flags, smskit, providerSource }: CommandContext): Promise<void> {
  const providers = smskit.providers();
  if (flags.json) {
    writeJson(io.stdout, providers);
    return;
  }
  if (providers.length === 0) {
    io.stdout.write(`${noProvidersMessage(providerSource)}\n`);
    return;
  }
  writeTable(
    io.stdout,
    ["ID", "KIND", "PACKAGE", "VERSION"],
    providers.map((provider) => [provider.id, provider.kind, provider.package, provider.version]),
  );
  if (providerSource.kind === "bundled") {
    const where = providerSource.application
      ? `the application at ${providerSource.application} lists no provider package`
      : "no application (package.json) was found from the current directory upward";
    io.stdout.write(`\nThese are the providers bundled with the smskit package: ${where}.\n`);
  }
}

/** What to say when no provider is installed: where smskit looked and how to install one. */
function noProvidersMessage(source: ProviderSource): string {
  const install =
    "Install a provider package there, e.g. 'npm install @smskit/provider-http' (first-party providers: http, smpp, smtp, script, sipgate, firebase; third-party ones carry the keyword smskit-provider), or install the 'smskit' package, which brings all first-party providers.";
  if (source.kind === "none" && source.application === undefined) {
    return [
      `No providers found: there is no package.json in ${source.searchedFrom} or any directory above it.`,
      "Run smskit in your application's directory, or name it with --app DIR or SMSKIT_APP.",
      install,
    ].join("\n");
  }
  const directory = source.kind === "none" ? source.application : source.directory;
  return [
    `No providers found: the package.json in ${directory} lists no installed smskit provider.`,
    install,
  ].join("\n");
}

/** `smskit providers`: its specification beside its handler. */
export const providersCommand: Command = {
  spec: {
    path: ["providers"],
    summary: "list the installed providers",
    details: [
      'Providers are the packages among smskit\'s own dependencies that carry an "smskit": { "provider" } field. A package that is listed but cannot be loaded is reported on stderr; the others are still listed.',
    ],
    arguments: [],
    options: [
      jsonOption(
        "every provider with its parameters schema, optionsAllowed, headersAllowed, presets and legacy names",
      ),
    ],
    examples: ["smskit providers", "smskit providers --json"],
  },
  store: "none",
  run: listProviders,
};
