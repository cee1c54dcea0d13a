import { SmsError } from "@smskit/provider";
import { bodyExcerpt, gatewayPrefix } from "@smskit/provider-utils";
import type { RequestTarget } from "./http-error-codes.js";

/** The gateway answered with a status other than 200, 201 or 202. */
export function statusError(target: RequestTarget, status: number, body: Buffer): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_STATUS",
    `${gatewayPrefix(target.gateway)}${target.endpoint} answered HTTP ${status} (expected 200, 201 or 202)${bodyExcerpt(body, target.redact)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_SUCCESS is not in the body. */
export function returnSuccessMissing(
  target: RequestTarget,
  status: number,
  body: Buffer,
  expected: string,
): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING",
    `${gatewayPrefix(target.gateway)}the response of ${target.endpoint} (HTTP ${status}) does not contain RETURN_SUCCESS ${JSON.stringify(target.redact(expected))}, so the message counts as not sent${bodyExcerpt(body, target.redact)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_FAIL is in the body. */
export function returnFailFound(
  target: RequestTarget,
  status: number,
  body: Buffer,
  failure: string,
): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_RETURN_FAIL_FOUND",
    `${gatewayPrefix(target.gateway)}the response of ${target.endpoint} (HTTP ${status}) contains RETURN_FAIL ${JSON.stringify(target.redact(failure))}, so the message was not sent${bodyExcerpt(body, target.redact)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}
