import type { ParametersOf, ParametersSchema, PropertyType } from "./schema-types.js";

/**
 * The fields of an SMTP server definition, as JSON Schema: the one description of the shape.
 * Validation, the types below, the demo's routes and forms, the CLI's `smtp set` flags and the
 * docs all come from it.
 */
export const smtpServerSchema = {
  type: "object",
  properties: {
    host: { type: "string", format: "hostname", description: "Host name or address of the SMTP server." },
    port: {
      type: "integer",
      minimum: 1,
      maximum: 65535,
      default: 25,
      description: "TCP port: usually 25 (none), 587 (STARTTLS) or 465 (implicit TLS).",
    },
    tls: {
      type: "string",
      enum: ["none", "starttls", "tls"],
      default: "none",
      description:
        "none: plain SMTP; starttls: upgrade with STARTTLS (required); tls: implicit TLS from the start.",
    },
    verifyTls: { type: "boolean", default: true, description: "Verify the server's TLS certificate." },
    username: { type: "string", default: "", description: "User name for SMTP AUTH; empty for none." },
    password: {
      type: "string",
      writeOnly: true,
      default: "",
      description: "Password for SMTP AUTH (secret).",
    },
    sender: { type: "string", format: "email", description: "The From address of the mails sent." },
    timeout: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 86400,
      default: 10,
      description: "Seconds to wait for the connection and for each answer (at most 86400).",
    },
    description: { type: "string", default: "", description: "What the server is for." },
  },
  required: ["host", "sender"],
} as const satisfies ParametersSchema;

/** Names of fields of an SMTP server definition that hold secrets. */
export const smtpSecretFields: ReadonlySet<string> = new Set(["password"]);

type SmtpFields = typeof smtpServerSchema.properties;

/** How an SMTP connection is secured (the schema's `tls`). */
export type SmtpTlsMode = PropertyType<SmtpFields["tls"]>;

/** A field as a user may write it: numbers and yes/no also as text, as flags and forms give them. */
type InputType<Property> = Property extends { readonly type: "number" | "integer" | "boolean" }
  ? PropertyType<Property> | string
  : PropertyType<Property>;

type RequiredField = (typeof smtpServerSchema.required)[number];

/** A central SMTP server definition as a user writes it: the schema's required fields and any others. */
export type SmtpServerInput = { name: string } & {
  [Field in RequiredField]: InputType<SmtpFields[Field]>;
} & {
  [Field in Exclude<keyof SmtpFields, RequiredField>]?: InputType<SmtpFields[Field]>;
};

/**
 * A stored SMTP server definition: every field of the schema (defaults applied; the password, a
 * secret, encrypted at rest and shown as `__CENSORED__`), its name, revision and time of the last save.
 */
export type SmtpServerDefinition = Readonly<
  { name: string } & ParametersOf<typeof smtpServerSchema> & { revision: number; updatedAt: string }
>;
