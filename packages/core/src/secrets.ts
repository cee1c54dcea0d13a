import type { GatewayDefinition } from "./gateway-definition.js";

/** What every secret is shown as in output, logs, errors and exports. */
export const CENSORED = "__CENSORED__";

const secretKeyPattern = /PASSWORD|SECRET|TOKEN|KEY/i;

/** Whether an option or header key names a secret by convention (PASSWORD, SECRET, TOKEN, KEY). */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** The secret values of a definition: `writeOnly` parameters and secret-looking options and headers. */
export function secretValues(definition: GatewayDefinition, secretParameters: ReadonlySet<string>): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(definition.parameters)) {
    if (secretParameters.has(key) && value !== undefined && value !== null) values.push(String(value));
  }
  for (const map of [definition.options, definition.headers]) {
    for (const [key, value] of Object.entries(map)) if (isSecretKey(key)) values.push(value);
  }
  return values.filter((value) => value.length > 0);
}

/** A function that replaces every given secret in a text with `__CENSORED__` (longest first). */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const ordered = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let redacted = text;
    for (const secret of ordered) {
      redacted = redacted.split(secret).join(CENSORED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) redacted = redacted.split(encoded).join(CENSORED);
    }
    return redacted;
  };
}
