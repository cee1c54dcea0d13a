import type { GatewayConfig, ParametersSchema, ValidationContext } from "@smskit/provider";
import type { ErrorObject } from "ajv/dist/2020.js";
import { checkHeaders, checkNesting } from "./definition-limits.js";
import { closestMatch } from "./did-you-mean.js";
import { type ConfigurationError, coreErrors, type ValidationIssue } from "./errors.js";
import { type GatewayInput, gatewayNamePattern } from "./gateway-definition.js";
import { checkPolicies } from "./gateway-policies.js";
import { canonicalParameters, normalizeParameters, propertySchema } from "./parameter-normalize.js";
import { parsePhoneRewrite } from "./phone-rewrite.js";
import type { ProviderRegistry, RegisteredProvider } from "./provider-registry.js";
import { CENSORED } from "./secrets.js";
import type { GatewayRecord } from "./store/gateway-store.js";

/** A definition that passed validation: what to store, and the config a provider instance gets. */
export interface ValidatedGateway {
  readonly provider: RegisteredProvider;
  /** What the store keeps: canonical provider id and parameter names, values as written. */
  readonly record: GatewayRecord;
  /** Parameters coerced to their schema types with defaults applied. */
  readonly parameters: Record<string, unknown>;
}

/** What validation may look up beyond the provider registry. */
export interface GatewayValidationContext extends Omit<ValidationContext, "gateway"> {
  /** Whether a central SMTP server definition with this name exists. */
  smtpServerExists?(name: string): Promise<boolean>;
}

/**
 * Validate a gateway definition completely. Throws a `ConfigurationError`
 * (`SMSKIT_E_GATEWAY_INVALID`, or `SMSKIT_E_PROVIDER_UNKNOWN`) listing every problem, each
 * naming its key and the fix.
 */
export async function validateGateway(
  input: GatewayInput,
  registry: ProviderRegistry,
  context: GatewayValidationContext,
): Promise<ValidatedGateway> {
  const name = typeof input.name === "string" ? input.name : "";
  if (!gatewayNamePattern.test(name)) {
    throw gatewayInvalid(name || "(no name)", [
      {
        key: "name",
        message: `${JSON.stringify(input.name)} is not a valid gateway name; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      },
    ]);
  }
  const provider = registry.get(String(input.provider ?? ""));
  if (!provider) {
    const known = registry.list().map((entry) => entry.manifest.id);
    const hint = closestMatch(String(input.provider ?? ""), known);
    throw coreErrors.SMSKIT_E_PROVIDER_UNKNOWN.create(
      {
        gateway: name,
        provider: input.provider ?? "",
        hint: hint ? ` — did you mean '${hint}'?` : "",
        installed: known.join(", ") || "none",
      },
      { gateway: name, issues: [{ key: "provider", message: `unknown provider '${input.provider ?? ""}'` }] },
    );
  }
  const { manifest } = provider;
  const issues: ValidationIssue[] = [];
  if (input.description !== undefined && typeof input.description !== "string") {
    issues.push({ key: "description", message: "must be text" });
  }
  const rawParameters = isPlainObject(input.parameters) ? input.parameters : {};
  if (input.parameters !== undefined && !isPlainObject(input.parameters)) {
    issues.push({ key: "parameters", message: "must be an object of parameter names and values" });
  }
  const tooDeep: ValidationIssue[] = [];
  checkNesting(rawParameters, tooDeep);
  if (tooDeep.length > 0) throw gatewayInvalid(name, [...issues, ...tooDeep]);
  const options = checkStringMap(input.options, "options", issues);
  const headers = checkStringMap(input.headers, "headers", issues);
  const known = Object.keys(manifest.parameters.properties);

  for (const key of Object.keys(rawParameters)) {
    if (known.includes(key) || provider.aliases.has(key)) continue;
    const hint = closestMatch(key, known);
    issues.push({
      key,
      message: `is not a parameter of provider '${manifest.id}'${hint ? ` — did you mean ${hint}?` : ""}${manifest.optionsAllowed ? "; free key/values go in options" : ""}`,
    });
  }
  const parameters = normalizeParameters(manifest.parameters, rawParameters, provider.aliases);
  for (const key of Object.keys(parameters)) if (!known.includes(key)) delete parameters[key];
  if (!provider.validateParameters(parameters)) {
    for (const error of provider.validateParameters.errors ?? []) {
      issues.push(describeSchemaError(error, manifest.parameters, parameters, provider.secretParameters));
    }
  }

  checkFreeKeys(options, "options", manifest.optionsAllowed, provider, issues);
  checkFreeKeys(headers, "headers", manifest.headersAllowed, provider, issues);
  const secretOptions = checkNameList(input.secretOptions, "secretOptions", issues);
  const secretHeaders = checkNameList(input.secretHeaders, "secretHeaders", issues);
  for (const [key, kind] of provider.references) {
    const value = parameters[key];
    if (typeof value !== "string" || !context.smtpServerExists) continue;
    if (kind === "smtp-server" && !(await context.smtpServerExists(value))) {
      issues.push({
        key,
        message: `names the SMTP server '${value}', which is not defined; define it first (smskit smtp set ${value} --host … --sender …)`,
      });
    }
  }

  let record: GatewayRecord = {
    name,
    provider: manifest.id,
    description: typeof input.description === "string" ? input.description : "",
    parameters: canonicalParameters(rawParameters, provider.aliases),
    options,
    headers,
    secretOptions,
    secretHeaders,
  };
  const policies = checkPolicies(input.policies, issues);
  if (Object.keys(policies).length > 0) record = { ...record, policies };
  if (issues.length === 0 && manifest.validate) {
    const config: GatewayConfig = { gateway: name, revision: 0, parameters, options, headers };
    issues.push(...(await manifest.validate(config, { ...context, gateway: name })));
  }
  if (issues.length > 0) throw gatewayInvalid(name, issues);
  return { provider, record, parameters };
}

/** The error for a refused definition: one line naming the gateway and every problem. */
export function gatewayInvalid(gateway: string, issues: readonly ValidationIssue[]): ConfigurationError {
  const summary = issues.map((issue) => `${describeKey(issue.key)} ${issue.message}`).join("; ");
  return coreErrors.SMSKIT_E_GATEWAY_INVALID.create({ gateway, problems: summary }, { gateway, issues });
}

function describeKey(key: string): string {
  if (key.startsWith("options.")) return `option ${key.slice("options.".length)}`;
  if (key.startsWith("headers.")) return `header ${key.slice("headers.".length)}`;
  if (
    [
      "name",
      "provider",
      "description",
      "parameters",
      "options",
      "headers",
      "secretOptions",
      "secretHeaders",
    ].includes(key)
  ) {
    return key;
  }
  return `parameter ${key}`;
}

/** Turn one ajv error into an issue naming the key, what is wrong and the value (never a secret's). */
export function describeSchemaError(
  error: ErrorObject,
  schema: ParametersSchema,
  parameters: Readonly<Record<string, unknown>>,
  secretKeys: ReadonlySet<string>,
): ValidationIssue {
  const pathKey = error.instancePath.split("/")[1] ?? "";
  const key = error.keyword === "required" ? String(error.params.missingProperty) : pathKey || "parameters";
  const property = propertySchema(schema, key);
  // A secret's value never goes into a message.
  const value = secretKeys.has(key) ? CENSORED : parameters[key];
  switch (error.keyword) {
    case "required":
      return { key, message: `is required${property?.description ? ` (${property.description})` : ""}` };
    case "enum":
      return {
        key,
        message: `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(", ")} (got ${JSON.stringify(value)})`,
      };
    case "type": {
      const expected = String(error.params.type);
      const wording: Record<string, string> = {
        boolean: "must be yes or no",
        integer: "must be a whole number",
        number: "must be a number",
        string: "must be text",
        object: "must be a JSON object",
        array: "must be a JSON list",
      };
      return {
        key,
        message: `${wording[expected] ?? `must be of type ${expected}`} (got ${JSON.stringify(value)})`,
      };
    }
    case "format":
      if (error.params.format === "phone-rewrite") {
        return { key, message: rewriteProblem(String(value)) };
      }
      return {
        key,
        message: `must be ${formatWording[String(error.params.format)] ?? `a valid ${String(error.params.format)}`} (got ${JSON.stringify(value)})`,
      };
    default:
      return {
        key,
        message: `${error.message ?? "is invalid"}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`,
      };
  }
}

const formatWording: Record<string, string> = {
  "http-url": "an http:// or https:// URL",
  uri: "a URL",
  hostname: "a host name or IP address",
  email: "a valid email address",
};

function rewriteProblem(value: string): string {
  try {
    parsePhoneRewrite(value);
    return "is invalid";
  } catch (error) {
    return `${(error as Error).message} (got ${JSON.stringify(value)})`;
  }
}

function checkStringMap(
  value: unknown,
  key: "options" | "headers",
  issues: ValidationIssue[],
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    issues.push({ key, message: "must be an object of names and text values" });
    return {};
  }
  const map: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== "string") issues.push({ key: `${key}.${name}`, message: "must be text" });
    else map[name] = item;
  }
  return map;
}

function checkFreeKeys(
  map: Record<string, string>,
  kind: "options" | "headers",
  allowed: boolean,
  provider: RegisteredProvider,
  issues: ValidationIssue[],
): void {
  const names = Object.keys(map);
  if (names.length === 0) return;
  if (!allowed) {
    issues.push({
      key: kind,
      message: `are not accepted by provider '${provider.manifest.id}' (given: ${names.join(", ")}); remove them${kind === "options" ? " or set them as parameters" : ""}`,
    });
    return;
  }
  if (kind === "headers") checkHeaders(map, issues);
  const parameterNames = Object.keys(provider.manifest.parameters.properties);
  for (const name of names) {
    if (name.trim() === "") issues.push({ key: kind, message: "has an entry with an empty name" });
    if (kind !== "options") continue;
    // privacyIDEA's own examples use options such as `password` beside a PASSWORD parameter: only the exact name clashes.
    const clash = parameterNames.find((parameter) => parameter === name) ?? provider.aliases.get(name);
    if (clash) {
      issues.push({
        key: `options.${name}`,
        message: `has the name of the parameter ${clash}; set it as a parameter instead`,
      });
    }
  }
}

function checkNameList(value: unknown, key: string, issues: ValidationIssue[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    issues.push({ key, message: "must be a list of names" });
    return [];
  }
  return [...new Set(value as string[])].sort();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
