import { configurationErrors, manifestErrors } from "./core-errors.js";
import { type AnyErrorDefinition, errorMeanings } from "./error-definition.js";
import { sendErrors } from "./send-errors.js";

/**
 * Every code smskit's core raises, each defined once: meaning, message template, HTTP status
 * and, for a failed send, `retrySafe` / `deliveryUnknown`. Throw with
 * `coreErrors.SMSKIT_E_X.create(values, extras)`. Codes never change meaning; new ones are only added.
 */
export const coreErrors = { ...manifestErrors, ...configurationErrors, ...sendErrors } as const;

/** A code of core's catalogue. */
export type CoreErrorCode = keyof typeof coreErrors;

/** Core's codes with what each means (derived from `coreErrors`). */
export const errorCodes: { readonly [Code in CoreErrorCode]: string } = errorMeanings(coreErrors);

/** The definition of one of core's codes, or `undefined` for any other string. */
export function coreErrorDefinition(code: string): AnyErrorDefinition | undefined {
  return Object.hasOwn(coreErrors, code)
    ? (coreErrors as Record<string, AnyErrorDefinition>)[code]
    : undefined;
}
