import type { SmsError } from "@smskit/provider";
import { bodyExcerpt } from "@smskit/provider-utils";
import { httpErrors, type RequestTarget } from "./http-error-codes.js";

/** The gateway answered with a status other than 200, 201 or 202. */
export function statusError(target: RequestTarget, status: number, body: Buffer): SmsError {
  return httpErrors.SMSKIT_E_HTTP_STATUS.create(
    { gateway: target.gateway, endpoint: target.endpoint, status, excerpt: bodyExcerpt(body, target.redact) },
    { gateway: target.gateway, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_SUCCESS is not in the body. */
export function returnSuccessMissing(
  target: RequestTarget,
  status: number,
  body: Buffer,
  expected: string,
): SmsError {
  return httpErrors.SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING.create(
    {
      gateway: target.gateway,
      endpoint: target.endpoint,
      status,
      expected: JSON.stringify(target.redact(expected)),
      excerpt: bodyExcerpt(body, target.redact),
    },
    { gateway: target.gateway, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_FAIL is in the body. */
export function returnFailFound(
  target: RequestTarget,
  status: number,
  body: Buffer,
  failure: string,
): SmsError {
  return httpErrors.SMSKIT_E_HTTP_RETURN_FAIL_FOUND.create(
    {
      gateway: target.gateway,
      endpoint: target.endpoint,
      status,
      failure: JSON.stringify(target.redact(failure)),
      excerpt: bodyExcerpt(body, target.redact),
    },
    { gateway: target.gateway, details: { status } },
  );
}
