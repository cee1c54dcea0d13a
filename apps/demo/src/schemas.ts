import { smtpServerSchema as coreSmtpServerSchema } from "@smskit/core";
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

const smtpFields = coreSmtpServerSchema.properties;
type SmtpField = (typeof smtpFields)[keyof typeof smtpFields];
const smtpFieldEntries = Object.entries(smtpFields) as [keyof typeof smtpFields, SmtpField][];

/** A stored SMTP server definition, the password shown as `__CENSORED__`: core's fields, typed as stored. */
export const smtpServerSchema = {
  type: "object",
  description: "A central SMTP server definition; the password is shown as __CENSORED__.",
  properties: {
    name: { type: "string", description: "The server's unique name." },
    ...Object.fromEntries(
      smtpFieldEntries.map(([name, field]) => [
        name,
        {
          type: field.type,
          ...("enum" in field ? { enum: field.enum } : {}),
          description: name === "password" ? "Always __CENSORED__ when set." : field.description,
        },
      ]),
    ),
    revision: { type: "integer", description: "Starts at 1, grows by one with every save." },
    updatedAt: { type: "string", description: "ISO timestamp of the last save." },
  },
  required: ["name", ...Object.keys(smtpFields), "revision", "updatedAt"],
};

/**
 * The body of `PUT /api/smtp-servers/:name`: core's fields, numbers and yes/no also as text, no
 * constraints and no defaults here, so that core's SMTP server schema decides what is valid and
 * reports every problem at once.
 */
export const smtpServerInputSchema = {
  type: "object",
  description:
    "An SMTP server definition to save. A password sent back as __CENSORED__ keeps the stored one; an empty string clears it.",
  properties: {
    ...Object.fromEntries(
      smtpFieldEntries.map(([name, field]) => [
        name,
        {
          type: field.type === "string" ? "string" : [field.type, "string"],
          description: withDefault(field),
        },
      ]),
    ),
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
};

/** A field's description, naming its default when it has one worth saying. */
function withDefault(field: SmtpField): string {
  const value: unknown = "default" in field ? field.default : undefined;
  if (value === undefined || value === "") return field.description;
  return `${field.description.replace(/\.$/, "")} (default ${String(value)}).`;
}

/** Responses every `/api` route may give besides its own. */
export const apiErrorResponses = {
  400: { ...errorSchema, description: "The body is not JSON (SMSKIT_E_REQUEST_INVALID)." },
  401: { ...errorSchema, description: "No or a wrong admin token (SMSKIT_E_UNAUTHORIZED)." },
} as const;
