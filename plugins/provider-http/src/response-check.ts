import type { SmsError } from "@smskit/provider";
import type { RequestTarget } from "./http-error-codes.js";
import { returnFailFound, returnSuccessMissing, statusError } from "./response-errors.js";

/** The statuses that mean the gateway accepted the request. */
export const successStatuses: ReadonlySet<number> = new Set([200, 201, 202]);

/** What the response body must or must not contain (RETURN_SUCCESS, RETURN_FAIL). */
export interface ResponseRules {
  /** Text that must be in the body. */
  readonly returnSuccess: string | undefined;
  /** Text that must not be in the body. */
  readonly returnFail: string | undefined;
}

/**
 * Decide whether a response means "sent": status 200, 201 or 202, then RETURN_SUCCESS must be
 * in the body and RETURN_FAIL must not be (each only when set). Returns the error to throw,
 * or undefined when the message counts as sent.
 */
export function checkResponse(
  status: number,
  body: Buffer,
  rules: ResponseRules,
  target: RequestTarget,
): SmsError | undefined {
  if (!successStatuses.has(status)) return statusError(target, status, body);
  if (rules.returnSuccess === undefined && rules.returnFail === undefined) return undefined;
  const text = body.toString("utf8");
  if (rules.returnSuccess !== undefined && !text.includes(rules.returnSuccess)) {
    return returnSuccessMissing(target, status, body, rules.returnSuccess);
  }
  if (rules.returnFail !== undefined && text.includes(rules.returnFail)) {
    return returnFailFound(target, status, body, rules.returnFail);
  }
  return undefined;
}
