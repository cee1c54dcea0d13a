import { attemptsSchema, policiesSchema } from "./route-schemas.js";

/**
 * JSON Schemas shared by the routes: they validate requests (ajv), shape responses
 * (fast-json-stringify) and make up the OpenAPI document.
 */

/** One problem with a definition: the parameter (`URL`), option (`options.To`) or header it concerns. */
export const issueSchema = {
  type: "object",
  properties: {
    key: { type: "string", description: "The parameter name, `options.X`, `headers.X` or a field name." },
    message: { type: "string", description: "What is wrong and how to fix it." },
  },
  required: ["key", "message"],
} as const;

/** What every failed request answers: a stable code, a message a person can act on, and details. */
export const errorSchema = {
  type: "object",
  description: "An error: a stable code and a message a person can act on.",
  properties: {
    code: { type: "string", description: "A stable code, e.g. SMSKIT_E_GATEWAY_INVALID." },
    message: { type: "string", description: "What went wrong and what to do." },
    issues: {
      type: "array",
      items: issueSchema,
      description: "Every problem with the definition, each naming its key (422).",
    },
    gateway: { type: "string", description: "The gateway concerned, when there is one." },
    retrySafe: {
      type: "boolean",
      description: "A failed delivery: true when sending again cannot deliver the message twice.",
    },
    deliveryUnknown: {
      type: "boolean",
      description: "A failed delivery: true when it is not known whether the gateway accepted the message.",
    },
    attempts: attemptsSchema,
  },
  required: ["code", "message"],
} as const;

/** A string-to-string map (options, headers, push data). */
export const stringMapSchema = {
  type: "object",
  additionalProperties: { type: "string" },
} as const;

/** A list of names. */
export const nameListSchema = { type: "array", items: { type: "string" } } as const;

/** The `:name` path parameter of a gateway or SMTP server. */
export const nameParamsSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1, maxLength: 64, description: "The definition's name." },
  },
  required: ["name"],
} as const;

/** A stored gateway definition as the API shows it: every secret as `__CENSORED__`. */
export const gatewaySchema = {
  type: "object",
  description: "A gateway definition; secrets are shown as __CENSORED__.",
  properties: {
    name: { type: "string", description: "The gateway's unique name." },
    provider: { type: "string", description: "The id of its provider." },
    description: { type: "string", description: "What the gateway is for." },
    parameters: {
      type: "object",
      additionalProperties: true,
      description: "The fixed parameters, as the provider's schema describes them.",
    },
    options: { ...stringMapSchema, description: "Free options; may contain {phone} and {otp}." },
    headers: { ...stringMapSchema, description: "HTTP headers; may contain {phone} and {otp}." },
    secretOptions: { ...nameListSchema, description: "Options flagged secret." },
    secretHeaders: { ...nameListSchema, description: "Headers flagged secret." },
    policies: policiesSchema,
    revision: { type: "integer", description: "Starts at 1, grows by one with every save." },
    updatedAt: { type: "string", description: "ISO timestamp of the last save." },
    receiptUrl: {
      type: "string",
      description:
        "With status callbacks on (RECEIPTS): the URL to give the vendor for them (its last segment is the gateway's secret).",
    },
    sandbox: {
      type: "boolean",
      const: true,
      description: "Present (true) when the gateway delivers into this app's sandbox inbox.",
    },
  },
  required: [
    "name",
    "provider",
    "description",
    "parameters",
    "options",
    "headers",
    "secretOptions",
    "secretHeaders",
    "revision",
    "updatedAt",
  ],
} as const;

/** The body of `PUT /api/gateways/:name`. */
export const gatewayInputSchema = {
  type: "object",
  description:
    "A gateway definition to save. A secret sent back as __CENSORED__ keeps the stored value; an empty string clears it.",
  properties: {
    provider: { type: "string", description: "The provider id (or one of its legacy names)." },
    description: { type: "string", description: "What the gateway is for." },
    parameters: {
      type: "object",
      additionalProperties: true,
      description: "The fixed parameters, as the provider's schema describes them.",
    },
    options: { ...stringMapSchema, description: "Free options (providers that allow them)." },
    headers: { ...stringMapSchema, description: "HTTP headers (providers that allow them)." },
    secretOptions: { ...nameListSchema, description: "Options to treat as secrets." },
    secretHeaders: { ...nameListSchema, description: "Headers to treat as secrets." },
    policies: policiesSchema,
    expectedRevision: {
      type: "integer",
      minimum: 1,
      description: "Save only if the stored definition is still at this revision (409 otherwise).",
    },
    name: { type: "string", description: "Ignored when equal to the name in the path; refused otherwise." },
    revision: { type: "integer", description: "Ignored (as read with GET)." },
    updatedAt: { type: "string", description: "Ignored (as read with GET)." },
    sandbox: { type: "boolean", description: "Ignored (as read with GET)." },
  },
  required: ["provider"],
  additionalProperties: false,
} as const;

/** A stored SMTP server definition, the password shown as `__CENSORED__`. */
export const smtpServerSchema = {
  type: "object",
  description: "A central SMTP server definition; the password is shown as __CENSORED__.",
  properties: {
    name: { type: "string", description: "The server's unique name." },
    host: { type: "string", description: "Host name or address." },
    port: { type: "integer", description: "TCP port." },
    tls: { type: "string", enum: ["none", "starttls", "tls"], description: "How the connection is secured." },
    verifyTls: { type: "boolean", description: "Whether the TLS certificate is verified." },
    username: { type: "string", description: "User name for SMTP AUTH; empty for none." },
    password: { type: "string", description: "Always __CENSORED__ when set." },
    sender: { type: "string", description: "The From address." },
    timeout: { type: "number", description: "Seconds to wait for the connection and each answer." },
    description: { type: "string", description: "What the server is for." },
    revision: { type: "integer", description: "Starts at 1, grows by one with every save." },
    updatedAt: { type: "string", description: "ISO timestamp of the last save." },
  },
  required: [
    "name",
    "host",
    "port",
    "tls",
    "verifyTls",
    "username",
    "password",
    "sender",
    "timeout",
    "description",
    "revision",
    "updatedAt",
  ],
} as const;

/** The body of `PUT /api/smtp-servers/:name` (core's SMTP server schema decides what is valid). */
export const smtpServerInputSchema = {
  type: "object",
  description:
    "An SMTP server definition to save. A password sent back as __CENSORED__ keeps the stored one; an empty string clears it.",
  properties: {
    host: { type: "string", description: "Host name or address." },
    port: { type: ["integer", "string"], description: "TCP port (default 25)." },
    tls: { type: "string", description: "none, starttls or tls (default none)." },
    verifyTls: { type: ["boolean", "string"], description: "Verify the TLS certificate (default true)." },
    username: { type: "string", description: "User name for SMTP AUTH." },
    password: { type: "string", description: "Password for SMTP AUTH (secret)." },
    sender: { type: "string", description: "The From address." },
    timeout: { type: ["number", "string"], description: "Seconds (default 10)." },
    description: { type: "string", description: "What the server is for." },
    expectedRevision: {
      type: "integer",
      minimum: 1,
      description: "Save only if the stored definition is still at this revision (409 otherwise).",
    },
    name: { type: "string", description: "Ignored when equal to the name in the path; refused otherwise." },
    revision: { type: "integer", description: "Ignored (as read with GET)." },
    updatedAt: { type: "string", description: "Ignored (as read with GET)." },
  },
  additionalProperties: false,
} as const;

/** Responses every `/api` route may give besides its own. */
export const apiErrorResponses = {
  400: { ...errorSchema, description: "The body is not JSON (SMSKIT_E_REQUEST_INVALID)." },
  401: { ...errorSchema, description: "No or a wrong admin token (SMSKIT_E_UNAUTHORIZED)." },
} as const;
