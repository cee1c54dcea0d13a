/** What every secret is shown as in output, logs, errors and exports. */
export const CENSORED = "__CENSORED__";

const secretKeyPattern = /PASSWORD|SECRET|TOKEN|KEY/i;

/** Whether an option or header key names a secret by convention (PASSWORD, SECRET, TOKEN, KEY). */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** The three places a definition keeps values in. */
export interface DefinitionSections {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** Which keys of each section hold secrets. */
export interface SecretSelection {
  parameter(key: string): boolean;
  option(key: string): boolean;
  header(key: string): boolean;
}

/**
 * The secrets of a definition: parameters the provider marks `writeOnly`, options and headers
 * the user flagged secret, and options and headers whose key contains PASSWORD, SECRET, TOKEN or KEY.
 */
export function secretSelection(
  secretParameters: ReadonlySet<string>,
  flagged: { readonly secretOptions?: readonly string[]; readonly secretHeaders?: readonly string[] } = {},
): SecretSelection {
  const options = new Set(flagged.secretOptions ?? []);
  const headers = new Set(flagged.secretHeaders ?? []);
  return {
    parameter: (key) => secretParameters.has(key),
    option: (key) => options.has(key) || isSecretKey(key),
    header: (key) => headers.has(key) || isSecretKey(key),
  };
}

/**
 * A copy of the sections with every secret value passed through `transform`, which also learns
 * where the value sits (`PASSWORD`, `options.api_key`, `headers.Authorization`).
 */
export function mapSecrets<T extends DefinitionSections>(
  definition: T,
  selection: SecretSelection,
  transform: (value: unknown, field: string) => unknown,
): T {
  const map = <V>(
    values: Readonly<Record<string, V>>,
    isSecret: (key: string) => boolean,
    prefix: string,
  ) => {
    const result: Record<string, V> = {};
    for (const [key, value] of Object.entries(values)) {
      result[key] = isSecret(key) ? (transform(value, `${prefix}${key}`) as V) : value;
    }
    return result;
  };
  return {
    ...definition,
    parameters: map(definition.parameters, selection.parameter, ""),
    options: map(definition.options, selection.option, "options."),
    headers: map(definition.headers, selection.header, "headers."),
  };
}

/**
 * The secret values of a definition, as text (for redaction): the selected secrets, and the
 * password of any URL written with `user:password@` (URL, PROXY, …).
 */
export function secretValues(definition: DefinitionSections, selection: SecretSelection): string[] {
  const values: string[] = [];
  mapSecrets(definition, selection, (value) => {
    if (value !== undefined && value !== null && String(value) !== "") values.push(String(value));
    return value;
  });
  for (const value of Object.values(definition.parameters)) {
    if (typeof value !== "string" || !value.includes("@")) continue;
    const password = URL.parse(value)?.password;
    if (password) values.push(password, decodeURIComponent(password));
  }
  return values;
}

/** A copy of a definition with every secret value replaced by `__CENSORED__`. */
export function censorDefinition<T extends DefinitionSections>(definition: T, selection: SecretSelection): T {
  return mapSecrets(definition, selection, () => CENSORED);
}

/**
 * Resolve `__CENSORED__` written back by a client that read a censored definition: it keeps
 * the stored value. An empty secret option or header is dropped (clearing it). Returns the
 * fields whose `__CENSORED__` has no stored value to keep.
 */
export function restoreCensored<T extends DefinitionSections>(
  record: T,
  stored: DefinitionSections | undefined,
  selection: SecretSelection,
): { record: T; missing: string[] } {
  const missing: string[] = [];
  const restore = <V>(
    values: Readonly<Record<string, V>>,
    previous: Readonly<Record<string, V>> | undefined,
    isSecret: (key: string) => boolean,
    prefix: string,
  ) => {
    const result: Record<string, V> = {};
    for (const [key, value] of Object.entries(values)) {
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
      parameters: restore(record.parameters, stored?.parameters, selection.parameter, ""),
      options: restore(record.options, stored?.options, selection.option, "options."),
      headers: restore(record.headers, stored?.headers, selection.header, "headers."),
    },
    missing,
  };
}

/** A function that replaces every given secret in a text with `__CENSORED__` (longest first). */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const ordered = [...new Set(secrets)]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let redacted = text;
    for (const secret of ordered) {
      for (const form of new Set([
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString("base64"),
      ])) {
        redacted = redacted.split(form).join(CENSORED);
      }
    }
    return redacted;
  };
}
