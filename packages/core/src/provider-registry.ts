import type { AnyProviderManifest } from "@smskit/provider";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { coreErrors } from "./errors.js";
import { checkManifest } from "./manifest-check.js";
import { parameterAliases, propertySchema } from "./parameter-normalize.js";
import { createSchemaCompiler } from "./schema-compiler.js";

/** Where a registered provider came from. */
export interface ProviderOrigin {
  /** The npm package, when discovered from one. */
  package?: string;
  /** The package's version. */
  version?: string;
}

/** A provider as the registry holds it: the manifest plus what was derived from it once. */
export interface RegisteredProvider {
  readonly manifest: AnyProviderManifest;
  readonly origin: ProviderOrigin;
  /**
   * The parameter schema, checked against the draft 2020-12 meta-schema and compiled at the first
   * use (with defaults applied on validation). Throws a `ManifestError` when it cannot be.
   */
  readonly validateParameters: ValidateFunction;
  /** Alias → canonical parameter name. */
  readonly aliases: ReadonlyMap<string, string>;
  /** Parameters marked `writeOnly` (secrets). */
  readonly secretParameters: ReadonlySet<string>;
  /** The parameter holding the REGEXP rewrite (`format: "phone-rewrite"`), if any. */
  readonly rewriteParameter: string | undefined;
  /** Parameters whose value names a central definition (`x-reference`), and of what kind. */
  readonly references: ReadonlyMap<string, "smtp-server">;
}

/**
 * The providers an application can use, keyed by id and by legacy name. A manifest is checked
 * when it registers (its schema structurally); its schema is compiled once, when parameters are
 * first validated — so listing providers loads no schema compiler.
 */
export class ProviderRegistry {
  #compiler: Ajv2020 | undefined;
  readonly #byId = new Map<string, RegisteredProvider>();
  readonly #byLegacyName = new Map<string, RegisteredProvider>();

  /** Check and add a manifest. Throws a `ManifestError` for a bad manifest or a duplicate id. */
  register(candidate: unknown, origin: ProviderOrigin = {}): RegisteredProvider {
    const label = origin.package ? `package ${origin.package}` : "registerProvider()";
    const manifest = checkManifest(candidate, label);
    const existing = this.#byId.get(manifest.id);
    if (existing) {
      const where = existing.origin.package ? ` by package ${existing.origin.package}` : "";
      throw coreErrors.SMSKIT_E_MANIFEST_DUPLICATE.create({ id: manifest.id, origin: label, where });
    }
    let validateParameters: ValidateFunction | undefined;
    const compile = () => this.#compile(manifest, label);
    const properties = Object.keys(manifest.parameters.properties);
    const registered: RegisteredProvider = {
      manifest,
      origin,
      get validateParameters() {
        validateParameters ??= compile();
        return validateParameters;
      },
      aliases: parameterAliases(manifest.parameters),
      secretParameters: new Set(
        properties.filter((key) => propertySchema(manifest.parameters, key)?.writeOnly === true),
      ),
      rewriteParameter: properties.find(
        (key) => propertySchema(manifest.parameters, key)?.format === "phone-rewrite",
      ),
      references: new Map(
        properties.flatMap((key) => {
          const kind = propertySchema(manifest.parameters, key)?.["x-reference"];
          return kind ? [[key, kind] as const] : [];
        }),
      ),
    };
    this.#byId.set(manifest.id, registered);
    for (const legacyName of manifest.legacyNames ?? []) this.#byLegacyName.set(legacyName, registered);
    return registered;
  }

  #compile(manifest: AnyProviderManifest, label: string): ValidateFunction {
    this.#compiler ??= createSchemaCompiler();
    const compiler = this.#compiler;
    if (!compiler.validateSchema(manifest.parameters)) {
      throw coreErrors.SMSKIT_E_MANIFEST_SCHEMA.create({
        provider: `provider '${manifest.id}' (${label})`,
        problem: `is not a valid JSON Schema (draft 2020-12): ${compiler.errorsText(compiler.errors)}`,
      });
    }
    try {
      return compiler.compile(manifest.parameters);
    } catch (error) {
      throw coreErrors.SMSKIT_E_MANIFEST_SCHEMA.create(
        {
          provider: `provider '${manifest.id}' (${label})`,
          problem: `cannot be compiled: ${(error as Error).message}`,
        },
        { cause: error },
      );
    }
  }

  /** The provider with this id or legacy name. */
  get(idOrLegacyName: string): RegisteredProvider | undefined {
    return this.#byId.get(idOrLegacyName) ?? this.#byLegacyName.get(idOrLegacyName);
  }

  /** Every registered provider, ordered by id. */
  list(): RegisteredProvider[] {
    return [...this.#byId.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  }
}
