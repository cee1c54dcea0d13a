const tokenKey = "smskit-admin-token";

/** @typedef {Partial<import("./api-types.js").ErrorBody>} ErrorAnswer */

/** An answer other than 2xx from the API: its status, code, message and issues. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorAnswer} body
   */
  constructor(status, body) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? `HTTP_${status}`;
    this.issues = body.issues ?? [];
    this.body = body;
  }
}

/** The admin token of this browser tab, or null. */
export function storedToken() {
  return sessionStorage.getItem(tokenKey);
}

/** @param {string} token */
export function storeToken(token) {
  sessionStorage.setItem(tokenKey, token);
}

export function forgetToken() {
  sessionStorage.removeItem(tokenKey);
}

/**
 * Call the JSON API with the admin token. Resolves with the parsed answer (undefined for 204),
 * rejects with an ApiError. `client.js` gives each answer its type.
 * @param {string} method
 * @param {string} path e.g. "/api/gateways"
 * @param {unknown} [body]
 * @param {string | null} [token]
 * @returns {Promise<unknown>}
 */
export async function api(method, path, body, token = storedToken()) {
  /** @type {Record<string, string>} */
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, {
      code: "NETWORK",
      message: `the app cannot be reached (${error instanceof Error ? error.message : String(error)}); is it still running?`,
    });
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  /** @type {unknown} */
  let parsed;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) {
    const error = new ApiError(response.status, /** @type {ErrorAnswer} */ (parsed ?? {}));
    // The signed-in token stopped working (e.g. the app was restarted with another one).
    if (response.status === 401 && token !== null && token === storedToken()) {
      window.dispatchEvent(new CustomEvent("smskit:unauthorized"));
    }
    throw error;
  }
  return parsed;
}

/** Encode one path segment. @param {string} name */
export function segment(name) {
  return encodeURIComponent(name);
}

/**
 * `fetch` with the admin token, for what is not JSON (CSV, server-sent events, downloads).
 * @param {string} path
 * @param {RequestInit & { headers?: Record<string, string> }} [init]
 */
export function fetchWithToken(path, init = {}) {
  return fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${storedToken()}` } });
}
