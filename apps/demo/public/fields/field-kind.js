/**
 * Which control a parameter's JSON Schema gets, and the texts around it (help, placeholder).
 */

/**
 * @typedef {import("../shared/api-types.js").PropertySchema} PropertySchema
 * @typedef {"boolean" | "enum" | "number" | "integer" | "multiline" | "json" | "secret" | "text"} FieldKind
 */

/**
 * @param {PropertySchema} property
 * @returns {FieldKind}
 */
export function fieldKind(property) {
  if (Array.isArray(property.enum)) return "enum";
  /** @type {readonly string[]} */
  const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
  const anyOf = /** @type {{ anyOf?: readonly PropertySchema[] }} */ (property).anyOf ?? [];
  const anyOfTypes = anyOf.map((entry) => entry.type);
  if (types.includes("object") || anyOfTypes.includes("object")) return "json";
  if (types.includes("boolean")) return "boolean";
  if (types.includes("integer")) return "integer";
  if (types.includes("number")) return "number";
  if (property.writeOnly) return "secret";
  if (property["x-multiline"]) return "multiline";
  return "text";
}

/**
 * The help under a field: the description, plus the default where the control does not show it.
 * @param {PropertySchema} property
 * @param {FieldKind} kind
 */
export function helpText(property, kind) {
  const parts = [property.description ?? ""];
  if (kind === "secret" && !/secret/i.test(property.description ?? "")) {
    parts.push("Secret: stored encrypted, never shown again.");
  }
  if (kind === "boolean" && property.default !== undefined) {
    parts.push(`Default: ${property.default ? "on" : "off"}.`);
  }
  return parts.filter((part) => part !== "").join(" ");
}

/**
 * "e.g. …" from the first example, else "default: …".
 * @param {PropertySchema} property
 */
export function placeholderOf(property) {
  const example = property.examples?.[0];
  if (example !== undefined) return `e.g. ${typeof example === "string" ? example : JSON.stringify(example)}`;
  if (property.default !== undefined && property.default !== "")
    return `default: ${String(property.default)}`;
  return undefined;
}

/**
 * A value as the text of an input ("" for none).
 * @param {unknown} value
 */
export function inputText(value) {
  return value === undefined || value === null ? "" : String(value);
}
