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

/** Which fields of a definition hold secrets. */
interface SecretFields {
  parameters: (key: string) => boolean;
  options: (key: string) => boolean;
  headers: (key: string) => boolean;
}

function secretFields(secretParameters: ReadonlySet<string>): SecretFields {
  return { parameters: (key) => secretParameters.has(key), options: isSecretKey, headers: isSecretKey };
}

/** A copy of a definition with every secret value replaced by `__CENSORED__`. */
export function censorDefinition<T extends Pick<GatewayDefinition, "parameters" | "options" | "headers">>(
  definition: T,
  secretParameters: ReadonlySet<string>,
): T {
  const fields = secretFields(secretParameters);
  const censor = <V>(map: Readonly<Record<string, V>>, isSecret: (key: string) => boolean) =>
    Object.fromEntries(Object.entries(map).map(([key, value]) => [key, isSecret(key) ? CENSORED : value]));
  return {
    ...definition,
    parameters: censor(definition.parameters, fields.parameters),
    options: censor(definition.options, fields.options),
    headers: censor(definition.headers, fields.headers),
  };
}

/**
 * Resolve `__CENSORED__` written back by a client that read a censored definition: it keeps
 * the stored value. An empty secret option or header is dropped (clearing it). Returns the
 * keys whose `__CENSORED__` has no stored value to keep.
 */
export function restoreCensored<T extends Pick<GatewayDefinition, "parameters" | "options" | "headers">>(
  record: T,
  stored: Pick<GatewayDefinition, "parameters" | "options" | "headers"> | undefined,
  secretParameters: ReadonlySet<string>,
): { record: T; missing: string[] } {
  const fields = secretFields(secretParameters);
  const missing: string[] = [];
  const restore = <V>(
    map: Readonly<Record<string, V>>,
    previous: Readonly<Record<string, V>> | undefined,
    isSecret: (key: string) => boolean,
    prefix: string,
  ) => {
    const result: Record<string, V> = {};
    for (const [key, value] of Object.entries(map)) {
      if (value === CENSORED) {
        const kept = previous?.[key];
        if (kept === undefined) missing.push(`${prefix}${key}`);
        else result[key] = kept;
      } else if (!(value === "" && isSecret(key))) {
        result[key] = value;
      }
    }
    return result;
  };
  return {
    record: {
      ...record,
      parameters: restore(record.parameters, stored?.parameters, fields.parameters, ""),
      options: restore(record.options, stored?.options, fields.options, "options."),
      headers: restore(record.headers, stored?.headers, fields.headers, "headers."),
    },
    missing,
  };
}
