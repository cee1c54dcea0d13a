import type { ValidateFunction } from "ajv/dist/2020.js";
import { checkNesting } from "./definition-limits.js";
import { closestMatch } from "./did-you-mean.js";
import { type ConfigurationError, coreErrors, type ValidationIssue } from "./errors.js";
import { gatewayNamePattern } from "./gateway-definition.js";
import { describeSchemaError } from "./gateway-validation.js";
import { normalizeParameters } from "./parameter-normalize.js";
import { createSchemaCompiler } from "./schema-compiler.js";
import { CENSORED } from "./secrets.js";
import { type SmtpServerInput, smtpSecretFields, smtpServerSchema } from "./smtp-server.js";
import type { SmtpServerRecord } from "./store/gateway-store.js";

let compiled: ValidateFunction | undefined;

/**
 * Validate an SMTP server definition against `smtpServerSchema`. A `__CENSORED__` password keeps
 * `storedPassword`; an empty one clears it. Returns the record to store (plain password) or
 * the issues found.
 */
export function checkSmtpServer(
  input: SmtpServerInput,
  storedPassword: string | undefined,
): { record: SmtpServerRecord; issues: [] } | { record: undefined; issues: ValidationIssue[] } {
  compiled ??= createSchemaCompiler().compile(smtpServerSchema);
  const issues: ValidationIssue[] = [];
  const { name, ...fields } = input as SmtpServerInput & Record<string, unknown>;
  if (typeof name !== "string" || !gatewayNamePattern.test(name)) {
    issues.push({
      key: "name",
      message: `${JSON.stringify(name)} is not a valid name; use 1 to 64 letters, digits, '.', '_' or '-'`,
    });
  }
  const known = Object.keys(smtpServerSchema.properties);
  for (const key of Object.keys(fields)) {
    if (known.includes(key)) continue;
    const hint = closestMatch(key, known);
    issues.push({
      key,
      message: `is not a field of an SMTP server${hint ? ` — did you mean ${hint}?` : ""}`,
    });
  }
  const tooDeep: ValidationIssue[] = [];
  checkNesting(fields, tooDeep);
  if (tooDeep.length > 0) return { record: undefined, issues: [...issues, ...tooDeep] };
  const given = Object.fromEntries(Object.entries(fields).filter(([key]) => known.includes(key)));
  if (given.password === CENSORED) {
    if (storedPassword === undefined) {
      issues.push({
        key: "password",
        message: `is ${CENSORED} but no password is stored to keep; give the password itself`,
      });
    }
    given.password = storedPassword ?? "";
  }
  const values = normalizeParameters(smtpServerSchema, given);
  if (!compiled(values)) {
    for (const error of compiled.errors ?? [])
      issues.push(describeSchemaError(error, smtpServerSchema, values, smtpSecretFields));
  }
  if (issues.length > 0) return { record: undefined, issues };
  return { record: { ...(values as Omit<SmtpServerRecord, "name">), name }, issues: [] };
}

/** The error for a refused SMTP server definition. */
export function smtpServerInvalid(name: string, issues: readonly ValidationIssue[]): ConfigurationError {
  return coreErrors.SMSKIT_E_SMTP_SERVER_INVALID.create(
    { name, problems: `${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}` },
    { issues },
  );
}
