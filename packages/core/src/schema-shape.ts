/**
 * A cheap structural check of a provider's parameter schema, run when the provider registers
 * (without ajv, so that discovering providers stays fast). It catches the mistakes a schema
 * author makes (an unknown type name, a `required` that is not a list of names, a pattern that
 * is no regular expression); the full draft 2020-12 meta-schema check and the compilation run
 * when the provider's parameters are first validated.
 */

const typeNames = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** Keywords whose value is one subschema. */
const schemaKeywords = [
  "additionalProperties",
  "items",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
];
/** Keywords whose value is a list of subschemas. */
const schemaListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to subschemas. */
const schemaMapKeywords = ["properties", "patternProperties", "$defs", "dependentSchemas"];
/** Keywords whose value is a non-negative integer. */
const countKeywords = [
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
];
const numberKeywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const stringKeywords = ["title", "description", "format", "$comment", "$id", "$ref", "pattern"];
const booleanKeywords = ["readOnly", "writeOnly", "deprecated", "uniqueItems"];

/** What is structurally wrong with `schema` (a path and the problem), or undefined. */
export function schemaShapeProblem(schema: unknown, path = ""): string | undefined {
  if (typeof schema === "boolean") return undefined;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return `${path || "/"} must be a schema object or a boolean`;
  }
  const node = schema as Record<string, unknown>;
  const at = (keyword: string) => `${path}/${keyword}`;
  const types = node.type;
  if (types !== undefined) {
    const list = Array.isArray(types) ? types : [types];
    if (list.length === 0 || new Set(list).size !== list.length) {
      return `${at("type")} must be a type name or a list of distinct type names`;
    }
    const unknown = list.find((name) => typeof name !== "string" || !typeNames.has(name));
    if (unknown !== undefined) {
      return `${at("type")} ${JSON.stringify(unknown)} is not a JSON Schema type (${[...typeNames].join(", ")})`;
    }
  }
  for (const keyword of stringKeywords) {
    if (node[keyword] !== undefined && typeof node[keyword] !== "string")
      return `${at(keyword)} must be a string`;
  }
  if (typeof node.pattern === "string" && !isRegExp(node.pattern)) {
    return `${at("pattern")} is not a valid regular expression`;
  }
  for (const keyword of booleanKeywords) {
    if (node[keyword] !== undefined && typeof node[keyword] !== "boolean") {
      return `${at(keyword)} must be true or false`;
    }
  }
  for (const keyword of countKeywords) {
    const value = node[keyword];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      return `${at(keyword)} must be a non-negative integer`;
    }
  }
  for (const keyword of numberKeywords) {
    if (node[keyword] !== undefined && typeof node[keyword] !== "number")
      return `${at(keyword)} must be a number`;
  }
  if (node.multipleOf !== undefined && !((node.multipleOf as number) > 0)) {
    return `${at("multipleOf")} must be greater than 0`;
  }
  if (node.required !== undefined && !isNameList(node.required)) {
    return `${at("required")} must be a list of distinct property names`;
  }
  if (node.enum !== undefined && !Array.isArray(node.enum)) return `${at("enum")} must be a list`;
  if (node.examples !== undefined && !Array.isArray(node.examples)) return `${at("examples")} must be a list`;
  return subschemaProblem(node, path);
}

function subschemaProblem(node: Record<string, unknown>, path: string): string | undefined {
  for (const keyword of schemaKeywords) {
    if (node[keyword] === undefined) continue;
    const problem = schemaShapeProblem(node[keyword], `${path}/${keyword}`);
    if (problem) return problem;
  }
  for (const keyword of schemaListKeywords) {
    const list = node[keyword];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0)
      return `${path}/${keyword} must be a non-empty list of schemas`;
    for (const [index, item] of list.entries()) {
      const problem = schemaShapeProblem(item, `${path}/${keyword}/${index}`);
      if (problem) return problem;
    }
  }
  for (const keyword of schemaMapKeywords) {
    const map = node[keyword];
    if (map === undefined) continue;
    if (map === null || typeof map !== "object" || Array.isArray(map))
      return `${path}/${keyword} must be an object`;
    for (const [name, item] of Object.entries(map)) {
      if (keyword === "patternProperties" && !isRegExp(name)) {
        return `${path}/${keyword}: ${JSON.stringify(name)} is not a valid regular expression`;
      }
      const problem = schemaShapeProblem(item, `${path}/${keyword}/${name}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function isNameList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((name) => typeof name === "string") &&
    new Set(value).size === value.length
  );
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}
