import { writeJson, writeTable } from "../output.js";
import type { CommandContext } from "./command-context.js";

/** `smskit providers [--json]`: the installed providers. */
export async function listProviders({ io, flags, smskit }: CommandContext): Promise<void> {
  const providers = smskit.providers();
  if (flags.json) {
    writeJson(io.stdout, providers);
    return;
  }
  if (providers.length === 0) {
    io.stdout.write(
      "No providers are installed. Add a provider package (e.g. @smskit/provider-http) to smskit's dependencies.\n",
    );
    return;
  }
  writeTable(
    io.stdout,
    ["ID", "KIND", "PACKAGE", "VERSION"],
    providers.map((provider) => [provider.id, provider.kind, provider.package, provider.version]),
  );
}
