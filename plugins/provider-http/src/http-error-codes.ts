import type { Redact } from "@smskit/provider";

/** The HTTP provider's error codes and what each means (part of the manifest, documented with core's). */
export const httpErrorCodes = {
  SMSKIT_E_HTTP_CONNECTION_REFUSED:
    "The gateway (or its proxy) could not be reached: connection refused, host unknown or unreachable. Nothing was sent; a retry is safe.",
  SMSKIT_E_HTTP_CONNECTION_RESET:
    "The connection was closed or reset before the gateway answered. The request may have reached the gateway; it is not known whether the message was sent.",
  SMSKIT_E_HTTP_TIMEOUT:
    "The gateway did not answer within TIMEOUT seconds. It is not known whether the message was sent (unless the connection itself could not be made).",
  SMSKIT_E_HTTP_TLS_VERIFY:
    "The gateway's TLS certificate could not be verified (self-signed, expired, wrong host name or unknown issuer). Nothing was sent. Fix the certificate, or set CHECK_SSL to no for a gateway on a trusted network.",
  SMSKIT_E_HTTP_TLS_HANDSHAKE:
    "The TLS handshake with the gateway failed for a reason other than the certificate (e.g. an https:// URL pointing at a plain-HTTP port). Nothing was sent.",
  SMSKIT_E_HTTP_PROXY:
    "The proxy refused to forward the request (e.g. 407 proxy authentication required, 403 forbidden). Nothing reached the gateway.",
  SMSKIT_E_HTTP_STATUS:
    "The gateway answered with a status other than 200, 201 or 202; `details.status` holds it, the message quotes the start of the body.",
  SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING:
    "The gateway answered 2xx but the body does not contain the RETURN_SUCCESS text.",
  SMSKIT_E_HTTP_RETURN_FAIL_FOUND: "The gateway answered 2xx but the body contains the RETURN_FAIL text.",
  SMSKIT_E_HTTP_REQUEST_INVALID:
    "The request could not be built: a header or the URL holds a character HTTP does not allow (e.g. a line break that {phone} or {otp} put into a header). Nothing was sent; a retry is safe.",
  SMSKIT_E_HTTP_REQUEST_FAILED:
    "The request failed in another way (e.g. a malformed response). It is not known whether the message was sent.",
} as const;

/** One of the HTTP provider's error codes. */
export type HttpErrorCode = keyof typeof httpErrorCodes;

/** What an error message needs to say where a request went. */
export interface RequestTarget {
  /** The gateway's name. */
  readonly gateway: string;
  /** The URL without credentials and query (nothing secret), e.g. `https://api.example.com/send`. */
  readonly endpoint: string;
  /** The proxy URL without credentials, when the request goes through one. */
  readonly proxy: string | undefined;
  /** TIMEOUT in milliseconds. */
  readonly timeoutMs: number;
  /** Replace every secret in a text with `__CENSORED__`. */
  readonly redact: Redact;
}
