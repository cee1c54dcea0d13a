import { type SmtpServerInput, smtpServerSchema } from "@smskit/core";
import type { FlagValues } from "../command-line.js";
import type { OptionSpec } from "../command-specs.js";
import { usageError } from "../usage-error.js";
import { ValueFiles } from "../value-files.js";
import type { Command, CommandContext } from "./command-context.js";

// `smskit smtp set`: one flag per field of core's SMTP server schema, named, described, required
// and defaulted as the schema says; only the placeholders and the password's extra flag are the CLI's own.

type SmtpFields = typeof smtpServerSchema.properties;
type SmtpField = keyof SmtpFields;

/** `verifyTls` → `verify-tls`. */
type Kebab<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : Name;

/** Each field's flag (checked against the flags the command line knows). */
type FieldFlag = Kebab<SmtpField> & keyof FlagValues;

/** The placeholder of a field's value in usage lines; `undefined` where the schema's values are listed instead. */
const placeholders: Readonly<Record<SmtpField, string | undefined>> = {
  host: "HOST",
  port: "PORT",
  tls: undefined,
  verifyTls: undefined,
  username: "USER",
  password: "PASSWORD",
  sender: "ADDRESS",
  timeout: "SECONDS",
  description: "TEXT",
};

/** What the CLI adds to a field's description. */
const notes: Partial<Record<SmtpField, string>> = {
  password: "__CENSORED__ keeps the stored one, '' saves none",
};

const fields = Object.keys(smtpServerSchema.properties) as SmtpField[];
const required: ReadonlySet<string> = new Set(smtpServerSchema.required);

function flagOf(field: SmtpField): FieldFlag {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) as FieldFlag;
}

/** A field's flag, from its schema: `--verify-tls yes|no`, "verify the server's TLS certificate (default yes)". */
function fieldOption(field: SmtpField): OptionSpec {
  const schema: SmtpFields[SmtpField] = smtpServerSchema.properties[field];
  const boolean = schema.type === "boolean";
  const value =
    "enum" in schema ? schema.enum.join("|") : boolean ? "yes|no" : (placeholders[field] ?? "VALUE");
  const fallback: unknown = "default" in schema ? schema.default : undefined;
  const shown = boolean ? (fallback ? "yes" : "no") : String(fallback ?? "");
  const text = schema.description
    .replace(/\.$/, "")
    .replace(/^[A-Z](?![A-Z])/, (letter) => letter.toLowerCase());
  const note = notes[field] === undefined ? "" : `; ${notes[field]}`;
  return {
    name: flagOf(field),
    value,
    ...(required.has(field) ? { required: true } : {}),
    description: `${text}${note}${shown === "" ? "" : ` (default ${shown})`}`,
  };
}

const passwordFile: OptionSpec = {
  name: "password-file",
  value: "PATH",
  description:
    "like --password, read from the file PATH (one trailing newline removed; '-' reads standard input), so it does not show in the process list",
};

/**
 * `smskit smtp set <name> --host H --port P --sender ADDRESS ...`: create or replace a
 * central SMTP server. Core validates it before anything is stored; `--password __CENSORED__`
 * keeps the stored password.
 */
async function setSmtpServer({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (flags.password !== undefined && flags["password-file"] !== undefined) {
    throw usageError("give the password either with --password or with --password-file, not both");
  }
  const password =
    flags["password-file"] === undefined
      ? flags.password
      : await new ValueFiles(io).read("--password-file", flags["password-file"]);
  // Core checks every field (the tls mode among them) and reports all problems in one line.
  const given: Record<string, unknown> = { name, host: "", sender: "" };
  for (const field of fields) {
    const value = field === "password" ? password : flags[flagOf(field)];
    if (value !== undefined) given[field] = value;
  }
  const saved = await smskit.saveSmtpServer(given as SmtpServerInput);
  io.stdout.write(
    `Saved SMTP server '${saved.name}' (${saved.host}:${saved.port}, ${saved.tls}, revision ${saved.revision}).\n`,
  );
}

/** `smskit smtp set`: its specification beside its handler. */
export const smtpSetCommand: Command = {
  spec: {
    path: ["smtp", "set"],
    summary: "create or replace a central SMTP server definition",
    details: [
      "The definition is validated before it is saved and replaces the stored one completely; a refused definition changes nothing. Gateways of the smtp provider name the server in SMTPIDENTIFIER and pick up a change at their next send.",
      "The password is a secret: encrypted at rest and shown as __CENSORED__. --password __CENSORED__ keeps the stored password, --password '' (or leaving the flag out) saves the server without one.",
    ],
    arguments: [{ name: "name", description: "the server's name: 1 to 64 letters, digits, '.', '_' or '-'" }],
    options: fields.flatMap((field) =>
      field === "password" ? [fieldOption(field), passwordFile] : [fieldOption(field)],
    ),
    examples: [
      "smskit smtp set relay --host mail.example.com --port 587 --tls starttls \\\n    --username smskit --password s3cret --sender sms@example.com",
      "smskit smtp set relay --host mail.example.com --port 587 --tls starttls --username smskit --password __CENSORED__ \\\n    --sender sms@example.com --timeout 20",
    ],
  },
  store: "write",
  run: setSmtpServer,
};
