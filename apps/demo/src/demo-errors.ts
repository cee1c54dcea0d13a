import {
  type AnyErrorDefinition,
  coreErrorDefinition,
  defineConfigurationError,
  defineError,
  errorCatalogue,
} from "@smskit/provider";

/** The demo app's own codes, beside core's: answers of its HTTP API. Documented in the error catalogue. */
export const demoErrors = errorCatalogue(
  defineError("SMSKIT_E_UNAUTHORIZED", "%{problem}", {
    meaning:
      "The request lacks the admin token or has a wrong one (send `Authorization: Bearer <token>`), or a delivery to the sandbox endpoint does not come from the sandbox gateway; nothing changed.",
    status: 401,
  }),
  defineError("SMSKIT_E_NOT_FOUND", "%{what}", {
    meaning: "No such route, bulk job or receipt endpoint in the demo app's API.",
    status: 404,
  }),
  defineConfigurationError("SMSKIT_E_REQUEST_INVALID", "%{problem}", {
    meaning:
      "The request does not match the route's schema (the issues name each field) or contradicts its path; nothing changed. A body that is not JSON is answered 400, an upload of the wrong content type 415.",
    status: 422,
  }),
);

/** The definition of a code of core's or the demo's, or `undefined`. */
export function knownErrorDefinition(code: string): AnyErrorDefinition | undefined {
  return (
    coreErrorDefinition(code) ??
    (Object.hasOwn(demoErrors, code) ? (demoErrors as Record<string, AnyErrorDefinition>)[code] : undefined)
  );
}
