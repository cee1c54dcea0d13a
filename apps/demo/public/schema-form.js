/**
 * Form fields generated from a provider's JSON Schema: a select for an enum, a password field
 * for a writeOnly (secret) parameter, a checkbox for a boolean, a number field for numbers, a
 * text area for `x-multiline` text and JSON objects, required markers, descriptions as help,
 * and the server's validation messages shown at the field they concern.
 */
import { booleanField } from "./fields/boolean-field.js";
import { enumField } from "./fields/enum-field.js";
import { fieldKind } from "./fields/field-kind.js";
import { fieldSpec, finishField } from "./fields/field-parts.js";
import { numberField } from "./fields/number-field.js";
import { secretField } from "./fields/secret-field.js";
import { textAreaField } from "./fields/text-area-field.js";
import { textField } from "./fields/text-field.js";
import { h } from "./shared/dom.js";

/**
 * @typedef {import("./fields/field-parts.js").Field} Field
 * @typedef {import("./fields/field-parts.js").FieldSpec} FieldSpec
 * @typedef {import("./fields/field-parts.js").FieldControl} FieldControl
 * @typedef {import("./fields/field-kind.js").FieldKind} FieldKind
 * @typedef {import("./shared/api-types.js").ParametersSchema} ParametersSchema
 */

/** @type {Record<FieldKind, (spec: FieldSpec) => FieldControl>} the control each kind of property gets */
const builders = {
  boolean: booleanField,
  enum: enumField,
  number: numberField,
  integer: numberField,
  multiline: textAreaField,
  json: textAreaField,
  secret: secretField,
  text: textField,
};

/**
 * The fields of one object schema.
 * @param {{ schema: ParametersSchema, values?: Readonly<Record<string, unknown>>, idPrefix: string }} options
 */
export function createSchemaFields({ schema, values = {}, idPrefix }) {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties);
  const ordered = [
    ...names.filter((name) => required.has(name)),
    ...names.filter((name) => !required.has(name)),
  ];
  /** @type {Map<string, Field>} */
  const fields = new Map();
  for (const name of ordered) {
    const property = properties[name] ?? {};
    const kind = fieldKind(property);
    const spec = fieldSpec(name, property, required.has(name), values[name], kind, idPrefix);
    fields.set(name, finishField(spec, builders[kind](spec)));
  }
  const unknown = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in properties)));
  const element = h(
    "div",
    { class: "schema-fields" },
    [...fields.values()].map((field) => field.element),
  );
  return {
    element,
    /** The values to save: only fields that are set, plus stored values the schema does not know. */
    read() {
      /** @type {Record<string, unknown>} */
      const result = { ...unknown };
      for (const field of fields.values()) {
        const { set, value } = field.read();
        if (set) result[field.name] = value;
      }
      return result;
    },
    /**
     * Fill in values (a preset); fields not named keep theirs.
     * @param {Record<string, unknown>} next
     */
    apply(next) {
      for (const [name, value] of Object.entries(next)) fields.get(name)?.write(value);
    },
    /** @param {string} name */
    field(name) {
      return fields.get(name);
    },
    clearErrors() {
      for (const field of fields.values()) field.setError(null);
    },
  };
}
