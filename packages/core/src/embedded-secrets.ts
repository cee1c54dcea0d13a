import { CENSORED } from "./redaction.js";

/**
 * Secrets inside a parameter that is not secret as a whole: the password of a URL written with
 * `user:password@` (URL, PROXY, HTTP_PROXY, HTTPS_PROXY, …) and the values of keys named like
 * secrets (PASSWORD, SECRET, TOKEN, KEY) inside an object parameter or its JSON text (PARAMETER).
 */

const secretKeyPattern = /PASSWORD|SECRET|TOKEN|KEY/i;

/** Whether a key names a secret by convention (contains PASSWORD, SECRET, TOKEN or KEY). */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** A URL split around the password of its `user:password@` part. */
interface UrlParts {
  /** Everything up to and including the `:` after the user name. */
  readonly head: string;
  /** The password as written (percent-encoded). */
  readonly password: string;
  /** The user name as written. */
  readonly username: string;
  /** `@` and everything after it. */
  readonly tail: string;
}

/** The parts of a `scheme://user:password@host…` text, or undefined when it carries no password. */
function urlParts(value: unknown): UrlParts | undefined {
  if (typeof value !== "string") return undefined;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value);
  if (!scheme) return undefined;
  const start = scheme[0].length;
  const authorityEnd = value.slice(start).search(/[/?#]/);
  const authority = authorityEnd < 0 ? value.slice(start) : value.slice(start, start + authorityEnd);
  const at = authority.lastIndexOf("@");
  if (at < 0) return undefined;
  const colon = authority.indexOf(":");
  if (colon < 0 || colon > at || colon === at - 1) return undefined;
  return {
    head: value.slice(0, start + colon + 1),
    username: authority.slice(0, colon),
    password: authority.slice(colon + 1, at),
    tail: value.slice(start + at),
  };
}

/** An object parameter (or its JSON text) with the keys that name secrets. */
interface SecretObject {
  readonly object: Record<string, unknown>;
  readonly text: boolean;
  readonly keys: readonly string[];
}

function secretObject(value: unknown): SecretObject | undefined {
  let parsed: unknown = value;
  const text = typeof value === "string";
  if (text) {
    if (!value.trimStart().startsWith("{")) return undefined;
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const object = parsed as Record<string, unknown>;
  const keys = Object.keys(object).filter(
    (key) => isSecretKey(key) && object[key] !== undefined && object[key] !== null && object[key] !== "",
  );
  return keys.length > 0 ? { object, text, keys } : undefined;
}

/** Whether a parameter value holds a secret inside it. */
export function hasEmbeddedSecret(value: unknown): boolean {
  return urlParts(value) !== undefined || secretObject(value) !== undefined;
}

/** The secrets inside a parameter value, as text, with `user:password` for a URL's credentials. */
export function embeddedSecretValues(value: unknown): string[] {
  const url = urlParts(value);
  if (url) {
    const password = decoded(url.password);
    const username = decoded(url.username);
    return [url.password, password, `${username}:${password}`];
  }
  const found = secretObject(value);
  if (!found) return [];
  return found.keys.map((key) => {
    const secret = found.object[key];
    return typeof secret === "string" ? secret : JSON.stringify(secret);
  });
}

/** The value with its embedded secrets shown as `__CENSORED__` (`http://user:__CENSORED__@host`). */
export function censorEmbedded(value: unknown): unknown {
  const url = urlParts(value);
  if (url) return `${url.head}${CENSORED}${url.tail}`;
  const found = secretObject(value);
  if (!found) return value;
  const censored = { ...found.object };
  for (const key of found.keys) censored[key] = CENSORED;
  return found.text ? JSON.stringify(censored) : censored;
}

/** Whether a value written back carries a censored embedded secret. */
export function hasCensoredEmbedded(value: unknown): boolean {
  const url = urlParts(value);
  if (url) return url.password === CENSORED;
  const found = secretObject(value);
  return found?.keys.some((key) => found.object[key] === CENSORED) === true;
}

/**
 * Put the stored secrets back where a value written back says `__CENSORED__`; undefined when the
 * stored value holds no secret at that place.
 */
export function restoreEmbedded(value: unknown, stored: unknown): unknown {
  const url = urlParts(value);
  if (url) {
    const kept = urlParts(stored);
    return kept ? `${url.head}${kept.password}${url.tail}` : undefined;
  }
  const found = secretObject(value);
  if (!found) return value;
  const previous = secretObject(stored);
  const restored = { ...found.object };
  for (const key of found.keys) {
    if (restored[key] !== CENSORED) continue;
    if (!previous?.keys.includes(key)) return undefined;
    restored[key] = previous.object[key];
  }
  return found.text ? JSON.stringify(restored) : restored;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
