import { type GatewayPolicies, type ProviderInfo, parseBreaker } from "@smskit/core";
import type { OptionSpec } from "../command-specs.js";
import { parseKeyValues } from "../key-value.js";
import { keyFile, keyValue } from "../option-specs.js";
import { usageError } from "../usage-error.js";
import { ValueFiles } from "../value-files.js";
import type { Command, CommandContext } from "./command-context.js";

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
async function setGateway({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
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

/** `smskit gateway set`: its specification beside its handler. */
export const gatewaySetCommand: Command = {
  spec: {
    path: ["gateway", "set"],
    summary: "create or replace a gateway definition",
    details: [
      "The definition is validated against the provider's schema before it is saved; a refused definition changes nothing. A preset fills in parameters, options and headers that --param, --option and --header then override. A secret given as __CENSORED__ keeps the stored value, and stays secret without --secret-option/--secret-header; __CENSORED__ where no secret is stored is refused.",
      "Every value can come from a file instead of the command line, where other users see it in the process list: --param-file, --option-file, --header-file, --secret-option-file and --secret-header-file take KEY=PATH and use the file's text (one trailing newline removed); PATH '-' reads standard input (for one flag at most).",
      "With --provider ID, --help also lists that provider's parameters and presets.",
    ],
    arguments: [
      { name: "name", description: "the gateway's name: 1 to 64 letters, digits, '.', '_' or '-'" },
    ],
    options: [
      {
        name: "provider",
        value: "ID",
        description: "the provider to use (see 'smskit providers'); required",
      },
      { name: "description", value: "TEXT", description: "what the gateway is for" },
      { name: "preset", value: "NAME", description: "start from one of the provider's presets" },
      keyValue("param", "a parameter of the provider, e.g. URL=https://sms.example.com/send"),
      keyValue("option", "a free option sent to the gateway (may contain {phone} and {otp})"),
      keyValue("header", "an HTTP header sent to the gateway (may contain {phone} and {otp})"),
      keyValue(
        "secret-option",
        "an option whose value is secret (encrypted at rest, shown as __CENSORED__); names with PASSWORD, SECRET, TOKEN or KEY are secret anyway",
      ),
      keyValue("secret-header", "a header whose value is secret, e.g. Authorization=Bearer s3cret"),
      keyFile("param", "e.g. --param-file PASSWORD=/run/secrets/sms-password"),
      keyFile("option", "repeat for more"),
      keyFile("header", "repeat for more"),
      keyFile("secret-option", "the option is secret"),
      keyFile("secret-header", "e.g. --secret-header-file Authorization=-"),
      ...policyOptions,
    ],
    examples: [
      "smskit gateway set otp --provider http --param URL=https://sms.example.com/send --param HTTP_METHOD=POST \\\n    --option to={phone} --option text={otp} --secret-header 'Authorization=Bearer s3cret'",
      "smskit gateway set gtx --provider http --preset gtx-messaging --option user=me --secret-option pass=s3cret",
      "smskit gateway set otp --provider http --param URL=https://sms.example.com/send --rate-limit 10 --retries 2 --breaker 5/60/30",
      'printf %s "$SMS_PASSWORD" | smskit gateway set otp --provider http --param URL=https://sms.example.com/send \\\n    --param USERNAME=me --param-file PASSWORD=-',
    ],
  },
  store: "write",
  run: setGateway,
};
