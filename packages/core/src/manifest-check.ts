import { type AnyProviderManifest, SPEC_VERSION } from "@smskit/provider";
import { coreErrors } from "./errors.js";
import { propertySchema, propertyTypes } from "./parameter-normalize.js";
import { schemaShapeProblem } from "./schema-shape.js";

/** Provider ids: lower-case letters, digits and dashes, starting with a letter. */
export const providerIdPattern = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Check a manifest's metadata before it is registered. Throws a `ManifestError` whose code
 * says which rule was broken and whose message names the provider and the fix. The parameter
 * schema is checked structurally here; the registry checks it against the draft 2020-12
 * meta-schema and compiles it when parameters are first validated.
 */
export function checkManifest(candidate: unknown, origin: string): AnyProviderManifest {
  if (candidate === null || typeof candidate !== "object") {
    throw coreErrors.SMSKIT_E_MANIFEST_INVALID.create({
      provider: origin,
      problem: `a provider manifest must be an object (use defineProvider)`,
    });
  }
  const manifest = candidate as Partial<AnyProviderManifest> & Record<string, unknown>;
  const label = typeof manifest.id === "string" ? `provider '${manifest.id}' (${origin})` : origin;
  if (manifest.specVersion !== SPEC_VERSION) {
    throw coreErrors.SMSKIT_E_MANIFEST_SPEC_VERSION.create({
      provider: label,
      given: String(JSON.stringify(manifest.specVersion)),
      fix: `this @smskit/core supports specVersion ${SPEC_VERSION} — ${
        typeof manifest.specVersion === "number" && manifest.specVersion > SPEC_VERSION
          ? `upgrade @smskit/core to a release that supports it, or use a provider release built for specVersion ${SPEC_VERSION}`
          : `upgrade the provider to a release built for specVersion ${SPEC_VERSION}`
      }`,
    });
  }
  if (typeof manifest.id !== "string" || !providerIdPattern.test(manifest.id)) {
    throw coreErrors.SMSKIT_E_MANIFEST_ID.create({
      provider: label,
      given: String(JSON.stringify(manifest.id)),
      fix: 'use lower-case letters, digits and dashes, starting with a letter (e.g. "http")',
    });
  }
  requireField(
    manifest,
    "kind",
    (value) => value === "sms" || value === "push",
    'must be "sms" or "push"',
    label,
  );
  requireField(manifest, "displayName", isNonEmptyString, "must be a non-empty string", label);
  requireField(manifest, "description", isNonEmptyString, "must be a non-empty string", label);
  requireField(manifest, "optionsAllowed", isBoolean, "must be true or false", label);
  requireField(manifest, "headersAllowed", isBoolean, "must be true or false", label);
  requireField(manifest, "create", (value) => typeof value === "function", "must be a function", label);
  for (const optional of ["validate"] as const) {
    if (manifest[optional] !== undefined && typeof manifest[optional] !== "function") {
      throw coreErrors.SMSKIT_E_MANIFEST_INVALID.create({
        provider: label,
        problem: `${optional} must be a function when given`,
      });
    }
  }
  if (
    manifest.legacyNames !== undefined &&
    !(Array.isArray(manifest.legacyNames) && manifest.legacyNames.every(isNonEmptyString))
  ) {
    throw coreErrors.SMSKIT_E_MANIFEST_INVALID.create({
      provider: label,
      problem: `legacyNames must be a list of strings`,
    });
  }
  checkParametersSchema(manifest as AnyProviderManifest, label);
  checkReceiptSecretParameter(manifest as AnyProviderManifest, label);
  return manifest as AnyProviderManifest;
}

/** `receiptSecretParameter`, when given, names a secret (`writeOnly`) string parameter. */
function checkReceiptSecretParameter(manifest: AnyProviderManifest, label: string): void {
  const name: unknown = manifest.receiptSecretParameter;
  if (name === undefined) return;
  const schema = typeof name === "string" ? propertySchema(manifest.parameters, name) : undefined;
  if (schema?.writeOnly !== true || !propertyTypes(schema).includes("string")) {
    throw coreErrors.SMSKIT_E_MANIFEST_INVALID.create({
      provider: label,
      problem: `receiptSecretParameter ${JSON.stringify(name)} must name a secret parameter of the schema (a string with "writeOnly": true)`,
    });
  }
}

function checkParametersSchema(manifest: AnyProviderManifest, label: string): void {
  const schema: unknown = manifest.parameters;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    throw coreErrors.SMSKIT_E_MANIFEST_SCHEMA.create({
      provider: label,
      problem: `must be a JSON Schema object`,
    });
  }
  const objectSchema = schema as Record<string, unknown>;
  if (
    objectSchema.type !== "object" ||
    typeof objectSchema.properties !== "object" ||
    objectSchema.properties === null
  ) {
    throw coreErrors.SMSKIT_E_MANIFEST_SCHEMA.create({
      provider: label,
      problem: `must be a JSON Schema with "type": "object" and a "properties" object`,
    });
  }
  const problem = schemaShapeProblem(objectSchema);
  if (problem) {
    throw coreErrors.SMSKIT_E_MANIFEST_SCHEMA.create({
      provider: label,
      problem: `is not a valid JSON Schema (draft 2020-12): ${problem}`,
    });
  }
  for (const key of Object.keys(manifest.parameters.properties)) {
    const description = propertySchema(manifest.parameters, key)?.description;
    if (!isNonEmptyString(description)) {
      throw coreErrors.SMSKIT_E_MANIFEST_DESCRIPTION.create({ provider: label, key });
    }
  }
}

function requireField(
  manifest: Record<string, unknown>,
  field: string,
  test: (value: unknown) => boolean,
  expectation: string,
  label: string,
): void {
  if (!test(manifest[field]))
    throw coreErrors.SMSKIT_E_MANIFEST_INVALID.create({
      provider: label,
      problem: `${field} ${expectation}`,
    });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}
