import { ConfigurationError, type SendAttempt, SmsError, SmskitError } from "@smskit/core";
import { coreErrors, definitionOf } from "@smskit/provider";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { demoErrors, knownErrorDefinition } from "./demo-errors.js";

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

/**
 * The HTTP status this app answers an error with: its definition's (the one it was created
 * from, else the one of its code in core's or the demo's catalogue), else 502 for a failed
 * delivery (an `SmsError`) and 500 for anything else.
 */
export function httpStatusOf(error: SmskitError): number {
  const definition = definitionOf(error) ?? knownErrorDefinition(error.code);
  return definition?.status ?? (error instanceof SmsError ? 502 : 500);
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
    const invalid = demoErrors.SMSKIT_E_REQUEST_INVALID;
    return reply.status(invalid.status).send({
      code: invalid.code,
      message: invalid.format({
        problem: `the request is malformed: ${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}`,
      }),
      issues,
    } satisfies ErrorBody);
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own 4xx (a body that is not JSON, an unknown route): its status, one of our codes.
    return reply.status(status).send({
      code: (status === 404 ? demoErrors.SMSKIT_E_NOT_FOUND : demoErrors.SMSKIT_E_REQUEST_INVALID).code,
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
  const internal = coreErrors.SMSKIT_E_INTERNAL;
  return reply.status(internal.status).send({
    code: internal.code,
    message: internal.format({ problem: "internal error; the server's log has the details" }),
  } satisfies ErrorBody);
}

/** Answer with an error raised by smskit: its definition's status, its code and message. */
export function sendSmskitError(reply: FastifyReply, error: SmskitError) {
  const { status, body } = smskitErrorReply(error);
  return reply.status(status).send(body);
}

/** The status and body of an error raised by smskit. */
export function smskitErrorReply(error: SmskitError): { status: number; body: ErrorBody } {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error instanceof ConfigurationError) {
    if (error.issues.length > 0) body.issues = error.issues.map(({ key, message }) => ({ key, message }));
    if (error.gateway !== undefined) body.gateway = error.gateway;
    return { status: httpStatusOf(error), body };
  }
  if (error instanceof SmsError) {
    if (error.gateway !== undefined) body.gateway = error.gateway;
    body.retrySafe = error.retrySafe;
    body.deliveryUnknown = error.deliveryUnknown;
    if (error.attempts.length > 0) body.attempts = error.attempts;
    if (error.code === "SMSKIT_E_RECIPIENT_INVALID") {
      body.issues = [{ key: "to", message: error.message }];
    }
    return { status: httpStatusOf(error), body };
  }
  return { status: httpStatusOf(error), body };
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
