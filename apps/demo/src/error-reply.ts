import { ConfigurationError, type SendAttempt, SmsError, SmskitError } from "@smskit/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** The body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: { key: string; message: string }[];
  gateway?: string;
  retrySafe?: boolean;
  deliveryUnknown?: boolean;
  attempts?: readonly SendAttempt[];
}

/** The HTTP status of a core error code that is not a failed delivery. */
export const statusByCode: Readonly<Record<string, number>> = {
  SMSKIT_E_GATEWAY_INVALID: 422,
  SMSKIT_E_SMTP_SERVER_INVALID: 422,
  SMSKIT_E_IMPORT_INVALID: 422,
  SMSKIT_E_PROVIDER_UNKNOWN: 422,
  SMSKIT_E_RECIPIENT_INVALID: 422,
  SMSKIT_E_GATEWAY_NOT_FOUND: 404,
  SMSKIT_E_SMTP_SERVER_NOT_FOUND: 404,
  SMSKIT_E_GATEWAY_CONFLICT: 409,
  SMSKIT_E_SMTP_SERVER_IN_USE: 409,
  SMSKIT_E_CLOSED: 503,
  SMSKIT_E_REQUEST_INVALID: 422,
  SMSKIT_E_ROUTE_INVALID: 422,
  SMSKIT_E_ROUTE_NOT_FOUND: 404,
  SMSKIT_E_GATEWAY_IN_USE: 409,
  SMSKIT_E_IDEMPOTENCY_CONFLICT: 409,
  SMSKIT_E_RATE_LIMITED: 429,
  SMSKIT_E_CIRCUIT_OPEN: 503,
  SMSKIT_E_MESSAGE_NOT_FOUND: 404,
  SMSKIT_E_QUEUE_UNAVAILABLE: 503,
  SMSKIT_E_QUEUE: 503,
};

/**
 * The HTTP status this app answers an error code with: its own status, else 502 for a failed
 * delivery (an `SmsError`) and 500 for anything else. The docs' error catalogue shows it.
 */
export function httpStatusOfCode(code: string, deliveryFailure: boolean): number {
  return statusByCode[code] ?? (deliveryFailure ? 502 : 500);
}

/**
 * The error handler of every route: core's validation errors become 422 with their issues, a
 * missing definition 404, a conflict 409, a failed delivery (`SmsError`) 502 with its code,
 * a request that does not match the route's schema 422 with its issues, a body that is not
 * JSON 400; anything else — an unknown error, or a store or key failure — is logged and
 * answered 500 with the generic `SMSKIT_E_INTERNAL`, never with a message naming a file or a stack.
 */
export function replyWithError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SmskitError) {
    const { status, body } = smskitErrorReply(error);
    // A store, key or other internal failure: its message may name files; the log has it, the answer not.
    if (status === 500) return replyInternal(error, request, reply);
    return reply.status(status).send(body);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const issues = fastifyError.validation.map((entry) => ({
      key: issueKey(fastifyError.validationContext, entry.instancePath, entry.params),
      message: entry.message ?? "is invalid",
    }));
    return reply.status(422).send({
      code: "SMSKIT_E_REQUEST_INVALID",
      message: `the request is malformed: ${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}`,
      issues,
    } satisfies ErrorBody);
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return reply.status(status).send({
      code: status === 404 ? "SMSKIT_E_NOT_FOUND" : "SMSKIT_E_REQUEST_INVALID",
      message: error.message,
    } satisfies ErrorBody);
  }
  return replyInternal(error, request, reply);
}

/** Log an unexpected error with its stack, and answer 500 with a generic message: no path, no stack. */
function replyInternal(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const code = error instanceof SmskitError ? ` (${error.code})` : "";
  process.stderr.write(
    `error ${request.method} ${request.url.split("?")[0]}${code}: ${error.stack ?? error.message}\n`,
  );
  return reply.status(500).send({
    code: "SMSKIT_E_INTERNAL",
    message: "internal error; the server's log has the details",
  } satisfies ErrorBody);
}

/** The status and body of an error raised by smskit. */
export function smskitErrorReply(error: SmskitError): { status: number; body: ErrorBody } {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error instanceof ConfigurationError) {
    if (error.issues.length > 0) body.issues = error.issues.map(({ key, message }) => ({ key, message }));
    if (error.gateway !== undefined) body.gateway = error.gateway;
    return { status: httpStatusOfCode(error.code, false), body };
  }
  if (error instanceof SmsError) {
    if (error.gateway !== undefined) body.gateway = error.gateway;
    body.retrySafe = error.retrySafe;
    body.deliveryUnknown = error.deliveryUnknown;
    if (error.attempts.length > 0) body.attempts = error.attempts;
    if (error.code === "SMSKIT_E_RECIPIENT_INVALID") {
      body.issues = [{ key: "to", message: error.message }];
    }
    return { status: httpStatusOfCode(error.code, true), body };
  }
  return { status: httpStatusOfCode(error.code, false), body };
}

/**
 * Where in the request a schema violation is: a body field by its own path (`to`,
 * `options.X`, as core names keys), anything else prefixed (`querystring.censor`, `params.name`).
 */
function issueKey(
  context: string | undefined,
  instancePath: string,
  params: Record<string, unknown>,
): string {
  const path = instancePath
    .split("/")
    .filter((part) => part !== "")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  const missing = params.missingProperty ?? params.additionalProperty;
  if (typeof missing === "string") path.push(missing);
  const where = context ?? "body";
  return (where === "body" ? path : [where, ...path]).join(".") || where;
}
