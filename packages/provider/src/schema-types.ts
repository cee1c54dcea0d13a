/**
 * The JSON Schema subset a provider's parameters are written in, and the TypeScript type
 * derived from it. Write the schema inline in `defineProvider` (or `as const`) and
 * `ParametersOf` gives `create` typed parameters; the schema is never written twice.
 */

/** JSON types a parameter may have. */
export type JsonTypeName = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** One parameter's schema: standard JSON Schema 2020-12 keywords plus smskit's annotations. */
export interface PropertySchema {
  readonly type?: JsonTypeName | readonly JsonTypeName[];
  /** Shown as help in the CLI, the web form and the docs. Required by core. */
  readonly description?: string;
  readonly title?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly format?: string;
  /** A secret: encrypted at rest, never shown. */
  readonly writeOnly?: boolean;
  readonly readOnly?: boolean;
  readonly deprecated?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: PropertySchema;
  readonly properties?: Readonly<Record<string, PropertySchema>>;
  readonly additionalProperties?: boolean | PropertySchema;
  readonly required?: readonly string[];
  /** Multi-line text (a web form shows a text area). */
  readonly "x-multiline"?: boolean;
  /** Other names the parameter is accepted under. */
  readonly "x-aliases"?: readonly string[];
  /** The value names another central definition, e.g. `smtp-server`; it must exist when the gateway is saved. */
  readonly "x-reference"?: "smtp-server";
}

/** A provider's parameters: a JSON Schema object whose properties are the parameters. */
export interface ParametersSchema {
  readonly type: "object";
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly description?: string;
  readonly $schema?: string;
}

type TypeOfName<Name> = Name extends "string"
  ? string
  : Name extends "number" | "integer"
    ? number
    : Name extends "boolean"
      ? boolean
      : Name extends "object"
        ? Record<string, unknown>
        : Name extends "array"
          ? unknown[]
          : Name extends "null"
            ? null
            : unknown;

/** The TypeScript type of one property. */
export type PropertyType<Property> = Property extends { readonly enum: readonly (infer Value)[] }
  ? Value
  : Property extends { readonly const: infer Value }
    ? Value
    : Property extends { readonly type: readonly (infer Names)[] }
      ? TypeOfName<Names>
      : Property extends { readonly type: infer Name }
        ? TypeOfName<Name>
        : unknown;

type RequiredKeys<Schema extends ParametersSchema> =
  | (Schema extends { readonly required: readonly (infer Key)[] } ? Key & keyof Schema["properties"] : never)
  | {
      [Key in keyof Schema["properties"]]: Schema["properties"][Key] extends { readonly default: unknown }
        ? Key
        : never;
    }[keyof Schema["properties"]];

type Simplify<T> = { [Key in keyof T]: T[Key] } & {};

/** The parameters a provider's `create` receives: required and defaulted ones are always present. */
export type ParametersOf<Schema extends ParametersSchema> = Simplify<
  { -readonly [Key in RequiredKeys<Schema>]: PropertyType<Schema["properties"][Key]> } & {
    -readonly [Key in Exclude<keyof Schema["properties"], RequiredKeys<Schema>>]?: PropertyType<
      Schema["properties"][Key]
    >;
  }
>;
