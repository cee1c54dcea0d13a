import type { ParametersSchema } from "./schema-types.js";

/** How an SMTP connection is secured. */
export type SmtpTlsMode = "none" | "starttls" | "tls";

/** A central SMTP server definition as a user writes it. */
export interface SmtpServerInput {
  name: string;
  host: string;
  port?: number | string;
  tls?: SmtpTlsMode;
  verifyTls?: boolean | string;
  username?: string;
  password?: string;
  sender: string;
  timeout?: number | string;
  description?: string;
}

/** A stored SMTP server definition. */
export interface SmtpServerDefinition {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly tls: SmtpTlsMode;
  readonly verifyTls: boolean;
  readonly username: string;
  /** Secret: encrypted at rest, shown as `__CENSORED__`. */
  readonly password: string;
  readonly sender: string;
  /** Seconds for connecting and for each answer. */
  readonly timeout: number;
  readonly description: string;
  readonly revision: number;
  readonly updatedAt: string;
}

/** The fields of an SMTP server definition, as JSON Schema: validation, forms and docs come from it. */
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
