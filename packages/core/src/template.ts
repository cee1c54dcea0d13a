import type { TemplateValue } from "@smskit/provider";

export type { TemplateValue } from "@smskit/provider";

/** What the tags stand for: `{phone}` the recipient after REGEXP, `{otp}` the message text. */
export interface TemplateVariables {
  readonly phone: string;
  readonly otp: string;
}

const tagPattern = /\{(phone|otp)\}/g;

/**
 * Replace `{phone}` and `{otp}` in a text. One pass over the template: what a tag is replaced
 * with is never scanned again, so a message containing `{phone}` or `$1` arrives as written.
 */
export function renderText(template: string, variables: TemplateVariables): string {
  return template.replace(tagPattern, (_tag, name: "phone" | "otp") => variables[name]);
}

/**
 * Parse an option value before substitution: a value written as a JSON object or list is
 * that structure (so `["{phone}"]` stays a list); anything else is text.
 */
export function parseTemplate(raw: string): TemplateValue {
  const trimmed = raw.trim();
  if (!(trimmed.startsWith("[") || trimmed.startsWith("{"))) return raw;
  try {
    return JSON.parse(trimmed) as TemplateValue;
  } catch {
    return raw;
  }
}

/** Render the tags in every string inside a parsed value; keys and non-strings are left alone. */
export function renderValue(value: TemplateValue, variables: TemplateVariables): TemplateValue {
  if (typeof value === "string") return renderText(value, variables);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, variables));
  if (value !== null && typeof value === "object") {
    const rendered: { [key: string]: TemplateValue } = {};
    for (const [key, item] of Object.entries(value)) rendered[key] = renderValue(item, variables);
    return rendered;
  }
  return value;
}

/** Parse, then render, each value of a key/value map (options). */
export function renderTemplates(
  templates: Readonly<Record<string, string>>,
  variables: TemplateVariables,
): Record<string, TemplateValue> {
  const rendered: Record<string, TemplateValue> = {};
  for (const [key, raw] of Object.entries(templates))
    rendered[key] = renderValue(parseTemplate(raw), variables);
  return rendered;
}

/** A template prepared once, rendered per message without scanning it again. */
export type CompiledTemplate<T extends TemplateValue = TemplateValue> = (variables: TemplateVariables) => T;

const splitPattern = /\{(phone|otp)\}/;

/** Prepare a text template: the same result as `renderText`, with the scan done once. */
export function compileText(template: string): CompiledTemplate<string> {
  const parts = template.split(splitPattern);
  if (parts.length === 1) return () => template;
  return (variables) => {
    let rendered = parts[0] as string;
    for (let index = 1; index < parts.length; index += 2) {
      rendered += variables[parts[index] as "phone" | "otp"] + (parts[index + 1] as string);
    }
    return rendered;
  };
}

/** Prepare a parsed option value (text or JSON structure): the same result as `renderValue`. */
export function compileValue(value: TemplateValue): CompiledTemplate {
  if (typeof value === "string") return compileText(value);
  if (Array.isArray(value)) {
    const items = value.map(compileValue);
    return (variables) => items.map((item) => item(variables));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => [key, compileValue(item)] as const);
    return (variables) => {
      const rendered: { [key: string]: TemplateValue } = {};
      for (const [key, item] of entries) rendered[key] = item(variables);
      return rendered;
    };
  }
  return () => value;
}
