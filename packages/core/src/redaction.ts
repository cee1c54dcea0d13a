/** What every secret is shown as in output, logs, errors and exports. */
export const CENSORED = "__CENSORED__";

/** What a message text is shown as in errors and logs (unless debug logging is on). */
export const MESSAGE_PLACEHOLDER = "<message>";

/**
 * A value at least this long is replaced wherever it occurs, even inside a word. A shorter one
 * is replaced only where it stands on its own — neither neighbour a letter or a digit — so a
 * secret `x` censors `password=x&` and `"x"` but leaves `expected` alone.
 */
const freeTextMinimumLength = 8;

/** The longest excerpt of a gateway's answer an error message keeps, in characters. */
const errorMessageMaximumLength = 2000;

/**
 * The forms in which a value goes on the wire: as is, URL-encoded (`%20`), form-encoded (`+`),
 * JSON-escaped (`\"`, `\\`, `\/`, `\u00e9`), and base64.
 */
function wireForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const forms = new Set([
    value,
    uriEncoded(value),
    new URLSearchParams([["", value]]).toString().slice(1),
    json,
    json.replaceAll("/", "\\/"),
    asciiJson(json),
    Buffer.from(value).toString("base64"),
    Buffer.from(value).toString("base64").replace(/=+$/, ""),
  ]);
  return [...forms].filter((form) => form.length > 0);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * A function that replaces each of `values`, in every wire form, with `replacement`; values
 * shorter than `freeTextMinimumLength` only where they stand on their own (see there).
 */
export function createReplacer(values: readonly string[], replacement: string): (text: string) => string {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const value of new Set(values)) {
    if (value.length === 0) continue;
    for (const form of wireForms(value)) (value.length >= freeTextMinimumLength ? long : short).add(form);
  }
  for (const form of long) short.delete(form);
  if (long.size === 0 && short.size === 0) return (text) => text;
  const alternatives = (forms: Set<string>) =>
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|");
  const parts: string[] = [];
  if (long.size > 0) parts.push(`(?:${alternatives(long)})`);
  if (short.size > 0) parts.push(`(?<![\\p{L}\\p{N}])(?:${alternatives(short)})(?![\\p{L}\\p{N}])`);
  const pattern = new RegExp(parts.join("|"), "gu");
  return (text) => text.replace(pattern, replacement);
}

/** `Authorization: <value>` (any quoting, JSON-escaped too) and `Basic <base64>` anywhere. */
const authorizationValue =
  /((?:proxy-)?authorization(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?)(?:(?:basic|bearer|digest|token|negotiate|hoba|mutual|aws4-hmac-sha256)[ \t]+)?[^\s"'\\,;&}]+/giu;
const basicCredentials = /\b(Basic[ \t]+)[A-Za-z0-9+/]{4,}={0,2}/gu;

/** Remove the value of every `Authorization` header and every `Basic` credential from a text. */
function removeAuthorization(text: string): string {
  return text.replace(authorizationValue, `$1${CENSORED}`).replace(basicCredentials, `$1${CENSORED}`);
}

/**
 * A function that replaces every given secret in a text with `__CENSORED__` — in each of its
 * wire forms (see `wireForms`), short secrets only where they stand on their own — and removes
 * any `Authorization` header value and `Basic` credential.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const replace = createReplacer(secrets, CENSORED);
  return (text) => removeAuthorization(replace(text));
}

/** Cut a text to `errorMessageMaximumLength` characters, marking the cut. */
export function shortExcerpt(text: string): string {
  if (text.length <= errorMessageMaximumLength) return text;
  return `${text.slice(0, errorMessageMaximumLength).replace(/[\uD800-\uDBFF]$/, "")} …`;
}

/** URL-encoded, or the text itself when it cannot be (a lone surrogate). */
function uriEncoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

function asciiJson(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
