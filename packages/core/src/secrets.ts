import {
  embeddedSecretValues,
  hasCensoredEmbedded,
  hasEmbeddedSecret,
  isSecretKey,
  restoreEmbedded,
} from "./embedded-secrets.js";
import { CENSORED } from "./redaction.js";

export { isSecretKey } from "./embedded-secrets.js";
export { CENSORED, createRedactor } from "./redaction.js";

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
 * The secret values of a definition, as text (for redaction): the selected secrets, the
 * secrets inside parameters (a URL's `user:password@`, secret-named keys of PARAMETER), and
 * `user:password` for each user-named parameter with each secret (what `Authorization: Basic` encodes).
 */
export function secretValues(definition: DefinitionSections, selection: SecretSelection): string[] {
  const values: string[] = [];
  mapSecrets(definition, selection, (value) => {
    if (value !== undefined && value !== null && String(value) !== "") values.push(String(value));
    return value;
  });
  const users: string[] = [];
  for (const [key, value] of Object.entries(definition.parameters)) {
    if (selection.parameter(key)) continue;
    values.push(...embeddedSecretValues(value));
    if (/USER|LOGIN|ACCOUNT/i.test(key) && typeof value === "string" && value !== "") users.push(value);
  }
  const secrets = [...values];
  for (const user of users) for (const secret of secrets) values.push(`${user}:${secret}`);
  return values;
}

/**
 * Resolve `__CENSORED__` written back by a client that read a censored definition: it keeps the
 * stored value — only where the stored value is a secret (`storedSelection`), which it then stays,
 * flagged or not. An empty secret option or header is dropped (clearing it). Returns the fields
 * whose `__CENSORED__` has no stored secret to keep, and the options and headers that kept one.
 */
export function restoreCensored<T extends DefinitionSections>(
  record: T,
  stored: DefinitionSections | undefined,
  selection: SecretSelection,
  storedSelection: SecretSelection = selection,
): { record: T; missing: string[]; keptOptions: string[]; keptHeaders: string[] } {
  const missing: string[] = [];
  const kept: Record<"options" | "headers", string[]> = { options: [], headers: [] };
  const restore = <V>(
    values: Readonly<Record<string, V>>,
    previous: Readonly<Record<string, V>> | undefined,
    isSecret: (key: string) => boolean,
    wasSecret: (key: string) => boolean,
    section: "parameters" | "options" | "headers",
  ) => {
    const prefix = section === "parameters" ? "" : `${section}.`;
    const result: Record<string, V> = {};
    for (const [key, value] of Object.entries(values)) {
      const before = previous?.[key];
      if (value === CENSORED) {
        const secret =
          before !== undefined && (wasSecret(key) || (section === "parameters" && hasEmbeddedSecret(before)));
        if (!secret) missing.push(`${prefix}${key}`);
        else {
          result[key] = before;
          if (section !== "parameters") kept[section].push(key);
        }
      } else if (section === "parameters" && hasCensoredEmbedded(value)) {
        const restored = restoreEmbedded(value, before);
        if (restored === undefined) missing.push(`${prefix}${key}`);
        else result[key] = restored as V;
      } else if (!(value === "" && isSecret(key))) {
        result[key] = value;
      }
    }
    return result;
  };
  return {
    record: {
      ...record,
      parameters: restore(
        record.parameters,
        stored?.parameters,
        selection.parameter,
        storedSelection.parameter,
        "parameters",
      ),
      options: restore(record.options, stored?.options, selection.option, storedSelection.option, "options"),
      headers: restore(record.headers, stored?.headers, selection.header, storedSelection.header, "headers"),
    },
    missing,
    keptOptions: kept.options,
    keptHeaders: kept.headers,
  };
}
