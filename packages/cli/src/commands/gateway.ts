import { CENSORED, type ConfigurationError, describePolicies } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { jsonOption } from "../option-specs.js";
import { writeFields, writeJson, writeMap, writeTable } from "../output.js";
import type { Command, CommandContext } from "./command-context.js";

/** `smskit gateway list [--json]`: every definition, secrets censored. */
async function listGateways({ io, flags, smskit }: CommandContext): Promise<void> {
  const gateways = await smskit.listGateways();
  if (flags.json) {
    writeJson(io.stdout, gateways);
    return;
  }
  if (gateways.length === 0) {
    io.stdout.write(
      "No gateways are defined. Define one with 'smskit gateway set <name> --provider ID ...'.\n",
    );
    return;
  }
  writeTable(
    io.stdout,
    ["NAME", "PROVIDER", "REVISION", "DESCRIPTION"],
    gateways.map((gateway) => [gateway.name, gateway.provider, gateway.revision, gateway.description]),
  );
}

/** `smskit gateway show <name> [--json]`: one definition, secrets censored. */
async function showGateway({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  const gateway = await smskit.getGateway(name);
  if (!gateway) throw notFound(name);
  if (flags.json) {
    writeJson(io.stdout, gateway);
    return;
  }
  writeFields(io.stdout, [
    ["name", gateway.name],
    ["provider", gateway.provider],
    ["description", gateway.description],
    ["revision", String(gateway.revision)],
    ["updated", gateway.updatedAt],
  ]);
  writeMap(io.stdout, "parameters", gateway.parameters);
  writeMap(io.stdout, "options", gateway.options);
  writeMap(io.stdout, "headers", gateway.headers);
  const secrets = [
    ...secretKeys(gateway.parameters, ""),
    ...secretKeys(gateway.options, "options."),
    ...secretKeys(gateway.headers, "headers."),
  ];
  io.stdout.write(`secrets: ${secrets.length === 0 ? "(none)" : secrets.join(", ")}\n`);
  io.stdout.write(`policies: ${describePolicies(gateway.policies ?? {})}\n`);
  const health = smskit.gatewayHealth(name).breaker;
  if (health) io.stdout.write(`breaker: ${health.state}\n`);
}

/** The keys whose shown value holds a secret (all of it, or a part such as a URL's password). */
function secretKeys(values: Readonly<Record<string, unknown>>, prefix: string): string[] {
  return Object.entries(values)
    .filter(([, value]) => (typeof value === "string" ? value : JSON.stringify(value)).includes(CENSORED))
    .map(([key]) => `${prefix}${key}`);
}

/** `smskit gateway delete <name>`: remove a definition. */
async function deleteGateway({ io, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (!(await smskit.deleteGateway(name))) throw notFound(name);
  io.stdout.write(`Deleted gateway '${name}'.\n`);
}

function notFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_GATEWAY_NOT_FOUND.create(
    { target: `gateway '${name}'`, what: "not defined; list the defined ones with 'smskit gateway list'" },
    { gateway: name },
  );
}

/** `smskit gateway list`, `show` and `delete`: each one's specification beside its handler. */
export const gatewayCommands: readonly Command[] = [
  {
    spec: {
      path: ["gateway", "list"],
      summary: "list the defined gateways",
      arguments: [],
      options: [jsonOption("the definitions (secrets shown as __CENSORED__)")],
      examples: ["smskit gateway list", "smskit --store /var/lib/smskit/gateways.db gateway list --json"],
    },
    store: "read",
    run: listGateways,
  },
  {
    spec: {
      path: ["gateway", "show"],
      summary: "show one gateway definition (secrets shown as __CENSORED__)",
      arguments: [{ name: "name", description: "the gateway to show" }],
      options: [
        jsonOption("the definition (name, provider, description, parameters, options, headers, revision)"),
      ],
      examples: ["smskit gateway show otp", "smskit gateway show otp --json"],
    },
    store: "read",
    run: showGateway,
  },
  {
    spec: {
      path: ["gateway", "delete"],
      summary: "delete a gateway definition",
      arguments: [{ name: "name", description: "the gateway to delete" }],
      options: [],
      examples: ["smskit gateway delete otp"],
    },
    store: "write",
    run: deleteGateway,
  },
];
