/**
 * The API client: one function per route the UI calls, each answer typed from the package or
 * server module that produces it (`api-types.d.ts`). Views never build API paths themselves.
 */
import { api, segment } from "./api.js";

/**
 * @typedef {import("./api-types.js").GatewayView} GatewayView
 * @typedef {import("./api-types.js").GatewayHealth} GatewayHealth
 * @typedef {import("./api-types.js").ProviderInfo} ProviderInfo
 * @typedef {import("./api-types.js").RouteDefinition} RouteDefinition
 * @typedef {import("./api-types.js").SendResult} SendResult
 * @typedef {import("./api-types.js").SmtpServerDefinition} SmtpServerDefinition
 * @typedef {import("./api-types.js").ImportReport} ImportReport
 * @typedef {import("./api-types.js").MessageView} MessageView
 * @typedef {import("./api-types.js").MessageAnalysis} MessageAnalysis
 * @typedef {import("./api-types.js").SandboxMessage} SandboxMessage
 * @typedef {import("./api-types.js").ParametersSchema} ParametersSchema
 */

/**
 * A typed call: the answer is what the route's response schema says.
 * @template T
 * @param {string} method @param {string} path @param {unknown} [body] @param {string | null} [token]
 * @returns {Promise<T>}
 */
async function call(method, path, body, token) {
  return /** @type {T} */ (await api(method, path, body, token));
}

/** @param {string | null} [token] the token to try instead of the stored one (sign-in) */
export const listProviders = (token) =>
  /** @type {Promise<ProviderInfo[]>} */ (call("GET", "/api/providers", undefined, token));

export const gateways = {
  /** @returns {Promise<GatewayView[]>} */
  list: () => call("GET", "/api/gateways"),
  /** @param {string} name @returns {Promise<GatewayView>} */
  get: (name) => call("GET", `/api/gateways/${segment(name)}`),
  /** @param {string} name @param {object} body @returns {Promise<GatewayView>} */
  save: (name, body) => call("PUT", `/api/gateways/${segment(name)}`, body),
  /** @param {string} name @returns {Promise<void>} */
  remove: (name) => call("DELETE", `/api/gateways/${segment(name)}`),
  /** @param {string} name @returns {Promise<GatewayHealth>} */
  health: (name) => call("GET", `/api/gateways/${segment(name)}/health`),
  /**
   * Send through a gateway or a route.
   * @param {string} name @param {{ to: string, message: string, title?: string, data?: Record<string, string> }} body
   * @returns {Promise<SendResult>}
   */
  send: (name, body) => call("POST", `/api/gateways/${segment(name)}/send`, body),
};

export const routes = {
  /** @returns {Promise<RouteDefinition[]>} */
  list: () => call("GET", "/api/routes"),
  /** @param {string} name @returns {Promise<RouteDefinition>} */
  get: (name) => call("GET", `/api/routes/${segment(name)}`),
  /** @param {string} name @param {object} body @returns {Promise<RouteDefinition>} */
  save: (name, body) => call("PUT", `/api/routes/${segment(name)}`, body),
  /** @param {string} name @returns {Promise<void>} */
  remove: (name) => call("DELETE", `/api/routes/${segment(name)}`),
};

export const smtpServers = {
  /** @returns {Promise<SmtpServerDefinition[]>} */
  list: () => call("GET", "/api/smtp-servers"),
  /** @returns {Promise<ParametersSchema>} the JSON Schema the form is generated from */
  schema: () => call("GET", "/api/schemas/smtp-server"),
  /** @param {string} name @param {object} body @returns {Promise<SmtpServerDefinition>} */
  save: (name, body) => call("PUT", `/api/smtp-servers/${segment(name)}`, body),
  /** @param {string} name @returns {Promise<void>} */
  remove: (name) => call("DELETE", `/api/smtp-servers/${segment(name)}`),
};

export const sandboxInbox = {
  /** @returns {Promise<SandboxMessage[]>} newest first */
  list: () => call("GET", "/api/sandbox/messages"),
  /** @returns {Promise<void>} */
  clear: () => call("DELETE", "/api/sandbox/messages"),
};

export const messages = {
  /** @param {number} limit @returns {Promise<MessageView[]>} newest first */
  list: (limit) => call("GET", `/api/messages?limit=${limit}`),
  /** @param {string} id @returns {Promise<MessageView>} */
  get: (id) => call("GET", `/api/messages/${segment(id)}`),
};

export const transfer = {
  /** @param {boolean} censor @returns {Promise<unknown>} the export document */
  exportAll: (censor) => call("GET", `/api/export${censor ? "?censor=1" : ""}`),
  /** @param {unknown} document @param {boolean} dryRun @returns {Promise<ImportReport>} */
  importAll: (document, dryRun) => call("POST", "/api/import", { document, dryRun }),
};

/** @param {string} text @returns {Promise<MessageAnalysis>} how the text would be encoded and split */
export const inspectText = (text) => call("POST", "/api/inspect", { text });
