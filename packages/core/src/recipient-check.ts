import { coreErrors } from "./errors.js";

/** What the recipient check needs to know about the gateway. */
export interface RecipientContext {
  readonly gateway: string;
  readonly provider: string;
  readonly kind: "sms" | "push";
  /** Whether a REGEXP rewrite was applied. */
  readonly rewritten: boolean;
}

/**
 * Refuse a recipient no provider should get, before anything is sent (retry-safe,
 * `SMSKIT_E_RECIPIENT_INVALID`): an empty one, and for an SMS provider one that starts with
 * `-`, which a script or a command line would take for an option. `given` is what the caller
 * passed, `recipient` the number after the REGEXP rewrite.
 */
export function checkRecipient(context: RecipientContext, given: string, recipient: string): void {
  const after = context.rewritten ? " after the REGEXP rewrite" : "";
  let problem: string | undefined;
  if (recipient === "") {
    problem = `the recipient ${JSON.stringify(given)} is empty${after}; give a phone number or device token`;
  } else if (context.kind === "sms" && recipient.startsWith("-")) {
    problem = `the recipient ${JSON.stringify(recipient)} starts with '-'${after}; a phone number starts with a digit or '+'`;
  }
  if (problem === undefined) return;
  throw coreErrors.SMSKIT_E_RECIPIENT_INVALID.create(
    { gateway: context.gateway, problem },
    { gateway: context.gateway, provider: context.provider },
  );
}
