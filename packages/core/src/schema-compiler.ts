import { createRequire } from "node:module";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { parsePhoneRewrite } from "./phone-rewrite.js";

/** Formats smskit adds: `phone-rewrite` is the `/pattern/replacement/` REGEXP. */
const formats: Record<string, (value: string) => boolean> = {
  "phone-rewrite": (value) => value === "" || isValidRewrite(value),
  uri: (value) => URL.canParse(value),
  "http-url": (value) => /^https?:$/.test(URL.parse(value)?.protocol ?? ""),
  hostname: (value) =>
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$/.test(value),
  email: (value) => /^[^\s@]+@[^\s@]+$/.test(value),
};

/**
 * A JSON Schema 2020-12 compiler configured the way every smskit schema is compiled. ajv is
 * loaded here, at the first call, not when core is imported: listing providers needs no compiler.
 */
export function createSchemaCompiler(): Ajv2020 {
  const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    useDefaults: true,
    validateFormats: true,
  });
  for (const [name, validate] of Object.entries(formats)) ajv.addFormat(name, { type: "string", validate });
  // Annotation keywords smskit understands besides the standard ones: a multi-line text parameter,
  // other names a parameter is accepted under, and a value naming a central definition.
  ajv.addKeyword({ keyword: "x-multiline", schemaType: "boolean" });
  ajv.addKeyword({ keyword: "x-aliases", schemaType: "array" });
  ajv.addKeyword({ keyword: "x-reference", schemaType: "string" });
  return ajv;
}

function isValidRewrite(value: string): boolean {
  try {
    parsePhoneRewrite(value);
    return true;
  } catch {
    return false;
  }
}
