import type { ErrorDefinitionView } from "./error-catalogue.js";

/**
 * The parts of a provider manifest the pages are rendered from. Structural, so that any
 * provider package's default export fits without this package depending on a contract version.
 */
export interface ManifestView {
  readonly id: string;
  readonly kind: string;
  readonly displayName: string;
  readonly description: string;
  readonly docsUrl?: string;
  readonly parameters: ParametersView;
  readonly optionsAllowed: boolean;
  readonly headersAllowed: boolean;
  readonly legacyNames?: readonly string[];
  readonly presets?: readonly PresetView[];
  readonly errorCodes?: Readonly<Record<string, string>>;
  /** The provider's error definitions, keyed by code (status, retrySafe, deliveryUnknown). */
  readonly errors?: Readonly<Record<string, ErrorDefinitionView>>;
}

/** A provider's parameters: a JSON Schema object. */
export interface ParametersView {
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
}

/** One parameter's JSON Schema, as far as the pages show it. */
export interface PropertyView {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly examples?: readonly unknown[];
  readonly writeOnly?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly anyOf?: readonly PropertyView[];
  readonly oneOf?: readonly PropertyView[];
  readonly "x-aliases"?: readonly string[];
}

/** A preset: a named partial gateway definition. */
export interface PresetView {
  readonly name: string;
  readonly description: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly options?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly secretOptions?: readonly string[];
  readonly secretHeaders?: readonly string[];
}

/** The parameters of a manifest as name and schema, in schema order. */
export function parameterEntries(manifest: ManifestView): [string, PropertyView][] {
  return Object.entries(manifest.parameters.properties ?? {}).map(([name, schema]) => [
    name,
    (typeof schema === "object" && schema !== null ? schema : {}) as PropertyView,
  ]);
}

/**
 * Every parameter (and nested property) of a manifest without a non-empty `description`, as
 * paths like `URL` or `AUTH.user`. Empty when the schema is fully described.
 */
export function undescribedParameters(manifest: ManifestView): string[] {
  const missing: string[] = [];
  const visit = (properties: Readonly<Record<string, unknown>>, prefix: string) => {
    for (const [name, value] of Object.entries(properties)) {
      const schema = (typeof value === "object" && value !== null ? value : {}) as PropertyView & {
        properties?: Record<string, unknown>;
      };
      const path = `${prefix}${name}`;
      if (typeof schema.description !== "string" || schema.description.trim() === "") missing.push(path);
      if (schema.properties) visit(schema.properties, `${path}.`);
    }
  };
  visit(manifest.parameters.properties ?? {}, "");
  return missing;
}
