import {
  CENSORED,
  type ConfigurationError,
  describePolicies,
  type GatewayPolicies,
  type ProviderInfo,
  parseBreaker,
} from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { OptionSpec } from "../command-specs.js";
import { parseKeyValues } from "../key-value.js";
import { writeFields, writeJson, writeMap, writeTable } from "../output.js";
import { usageError } from "../usage-error.js";
import { ValueFiles } from "../value-files.js";
import type { CommandContext } from "./command-context.js";

/** `gateway set`'s policy flags: for any provider, kept beside its parameters. */
export const policyOptions: readonly OptionSpec[] = [
  {
    name: "rate-limit",
    value: "N",
    description: "send at most N messages per second (a send waits within its deadline, else fails fast)",
  },
  {
    name: "retries",
    value: "N",
    description:
      "retry a definitely failed send up to N times, with backoff, within the deadline; never after an unknown outcome",
  },
  {
    name: "breaker",
    value: "FAILURES/WINDOW_S/COOLDOWN_S",
    description:
      "skip the gateway for COOLDOWN_S seconds after FAILURES definite failures in a row within WINDOW_S seconds, e.g. 5/60/30",
  },
];

/**
 * `smskit gateway set <name> --provider ID ...`: create or replace a definition. Core
 * validates it completely before anything is stored; a refused one changes nothing.
 */
export async function setGateway({
  io,
  flags,
  arguments: [name = ""],
  smskit,
}: CommandContext): Promise<void> {
  const providerId = flags.provider;
  if (providerId === undefined || providerId === "") {
    const installed = smskit.providers().map((provider) => provider.id);
    throw usageError(
      `'smskit gateway set' needs --provider ID; installed providers: ${installed.join(", ") || "none"}`,
    );
  }
  const provider = smskit
    .providers()
    .find((candidate) => candidate.id === providerId || candidate.legacyNames.includes(providerId));
  const preset = flags.preset === undefined ? undefined : findPreset(provider, providerId, flags.preset);
  const files = new ValueFiles(io);
  const parameterFlags = {
    ...parseKeyValues("param", flags.param),
    ...(await files.keyValues("param-file", flags["param-file"])),
  };
  const parameters: Record<string, unknown> = { ...preset?.parameters };
  for (const [key, text] of Object.entries(parameterFlags))
    parameters[key] = parameterValue(provider, key, text);
  const secretOptions = {
    ...parseKeyValues("secret-option", flags["secret-option"]),
    ...(await files.keyValues("secret-option-file", flags["secret-option-file"])),
  };
  const secretHeaders = {
    ...parseKeyValues("secret-header", flags["secret-header"]),
    ...(await files.keyValues("secret-header-file", flags["secret-header-file"])),
  };
  const plainOptions = {
    ...parseKeyValues("option", flags.option),
    ...(await files.keyValues("option-file", flags["option-file"])),
  };
  const plainHeaders = {
    ...parseKeyValues("header", flags.header),
    ...(await files.keyValues("header-file", flags["header-file"])),
  };
  const saved = await smskit.saveGateway({
    name,
    provider: providerId,
    ...(flags.description === undefined ? {} : { description: flags.description }),
    parameters,
    options: { ...preset?.options, ...plainOptions, ...secretOptions },
    headers: { ...preset?.headers, ...plainHeaders, ...secretHeaders },
    secretOptions: unique([...(preset?.secretOptions ?? []), ...Object.keys(secretOptions)]),
    secretHeaders: unique([...(preset?.secretHeaders ?? []), ...Object.keys(secretHeaders)]),
    policies: policiesFromFlags(flags),
  });
  io.stdout.write(
    `Saved gateway '${saved.name}' (provider ${saved.provider}, revision ${saved.revision}).\n`,
  );
}

/** `smskit gateway list [--json]`: every definition, secrets censored. */
export async function listGateways({ io, flags, smskit }: CommandContext): Promise<void> {
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
export async function showGateway({
  io,
  flags,
  arguments: [name = ""],
  smskit,
}: CommandContext): Promise<void> {
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
export async function deleteGateway({ io, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (!(await smskit.deleteGateway(name))) throw notFound(name);
  io.stdout.write(`Deleted gateway '${name}'.\n`);
}

function findPreset(provider: ProviderInfo | undefined, providerId: string, presetName: string) {
  if (!provider) {
    // Core reports the unknown provider (with a "did you mean") when the definition is saved.
    return undefined;
  }
  const preset = provider.presets.find((candidate) => candidate.name === presetName);
  if (preset) return preset;
  const known = provider.presets.map((candidate) => candidate.name);
  throw usageError(
    known.length === 0
      ? `provider '${providerId}' has no presets; leave out --preset`
      : `provider '${providerId}' has no preset '${presetName}'; known presets: ${known.join(", ")}`,
  );
}

/** A parameter value from the command line: text, or JSON for an object or list parameter. */
function parameterValue(provider: ProviderInfo | undefined, key: string, text: string): unknown {
  const property = provider?.parameters.properties[key];
  if (typeof property !== "object" || property.type === undefined) return text;
  const types: readonly unknown[] = Array.isArray(property.type) ? property.type : [property.type];
  if (types.includes("string") || !(types.includes("object") || types.includes("array"))) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Core reports "must be a JSON object" naming the parameter.
    return text;
  }
}

/** `--rate-limit N --retries N --breaker F/W/C` as the policies core validates (numbers stay text for its messages). */
function policiesFromFlags(flags: CommandContext["flags"]): GatewayPolicies {
  const policies: Record<string, unknown> = {};
  if (flags["rate-limit"] !== undefined) policies.rateLimit = flags["rate-limit"];
  if (flags.retries !== undefined) policies.retries = flags.retries;
  if (flags.breaker !== undefined) {
    const breaker = parseBreaker(flags.breaker);
    if (!breaker) {
      throw usageError(
        `--breaker expects FAILURES/WINDOW_S/COOLDOWN_S, e.g. 5/60/30, got ${JSON.stringify(flags.breaker)}`,
      );
    }
    policies.breaker = breaker;
  }
  return policies as GatewayPolicies;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function notFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_GATEWAY_NOT_FOUND.create(
    { target: `gateway '${name}'`, what: "not defined; list the defined ones with 'smskit gateway list'" },
    { gateway: name },
  );
}
