import type { ParametersSchema, PropertySchema } from "./schema-types.js";

const trueWords = new Set(["yes", "true", "on", "1"]);
const falseWords = new Set(["no", "false", "off", "0"]);

/** One property's schema, if the schema has that property. */
export function propertySchema(schema: ParametersSchema, key: string): PropertySchema | undefined {
  const property: unknown = schema.properties[key];
  return typeof property === "object" && property !== null ? (property as PropertySchema) : undefined;
}

/** The JSON types a property schema admits. */
export function propertyTypes(property: PropertySchema | undefined): readonly string[] {
  if (!property || property.type === undefined) return [];
  return typeof property.type === "string" ? [property.type] : property.type;
}

/** Map every alias (`x-aliases`) to its canonical parameter name. */
export function parameterAliases(schema: ParametersSchema): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const key of Object.keys(schema.properties)) {
    const declared = (propertySchema(schema, key) as { "x-aliases"?: readonly string[] } | undefined)?.[
      "x-aliases"
    ];
    for (const alias of declared ?? []) aliases.set(alias, key);
  }
  return aliases;
}

/**
 * Bring parameters as privacyIDEA stores them into the types the schema declares: "yes"/"no"
 * (and true/false, on/off, 1/0) become booleans, numeric strings numbers, aliases their
 * canonical names. An empty string means "not set". Unknown keys are kept for the
 * validator to report. The input is not modified.
 */
export function normalizeParameters(
  schema: ParametersSchema,
  raw: Readonly<Record<string, unknown>>,
  aliases: ReadonlyMap<string, string> = parameterAliases(schema),
): Record<string, unknown> {
  const normalized: Record<string, unknown> = {};
  for (const [givenKey, value] of Object.entries(raw)) {
    const key = aliases.get(givenKey) ?? givenKey;
    if (value === "" || value === undefined || value === null) continue;
    normalized[key] = coerce(propertyTypes(propertySchema(schema, key)), value);
  }
  return normalized;
}

/** Rename aliases to canonical names and drop unset values, keeping the values as written. */
export function canonicalParameters(
  raw: Readonly<Record<string, unknown>>,
  aliases: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  for (const [givenKey, value] of Object.entries(raw)) {
    if (value === "" || value === undefined || value === null) continue;
    canonical[aliases.get(givenKey) ?? givenKey] = value;
  }
  return canonical;
}

function coerce(types: readonly string[], value: unknown): unknown {
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  if (types.includes("boolean") && !types.includes("string")) {
    if (trueWords.has(word)) return true;
    if (falseWords.has(word)) return false;
  }
  if ((types.includes("integer") || types.includes("number")) && !types.includes("string")) {
    if (word !== "" && Number.isFinite(Number(word))) return Number(word);
  }
  return value;
}
