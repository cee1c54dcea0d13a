import { defineSendError, errorCatalogue, errorMeanings, type Redact } from "@smskit/provider";

/** The HTTP provider's error codes, each defined once (part of the manifest, documented with core's). */
export const httpErrors = errorCatalogue(
  defineSendError(
    "SMSKIT_E_HTTP_CONNECTION_REFUSED",
    "gateway '%{gateway}': could not connect to %{target} (%{errorCode}); nothing was sent, sending again is safe",
    {
      meaning:
        "The gateway (or its proxy) could not be reached: connection refused, host unknown or unreachable. Nothing was sent; a retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_CONNECTION_RESET",
    "gateway '%{gateway}': the connection to %{endpoint}%{via} was closed before an answer came (%{reason}); the request may have reached the gateway, so it is not known whether the message was sent",
    {
      meaning:
        "The connection was closed or reset before the gateway answered. The request may have reached the gateway; it is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_CONNECT_TIMEOUT",
    "gateway '%{gateway}': could not connect to %{endpoint}%{via} within TIMEOUT %{seconds}; nothing was sent",
    {
      meaning:
        "The connection to the gateway (or its proxy) could not be made within TIMEOUT seconds. Nothing was sent; a retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_TIMEOUT",
    "gateway '%{gateway}': %{endpoint}%{via} did not answer within TIMEOUT %{seconds}; it is not known whether the message was sent — check with the gateway before sending again",
    {
      meaning:
        "The gateway did not answer within TIMEOUT seconds after the request was sent. It is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_TLS_VERIFY",
    "gateway '%{gateway}': the TLS certificate of %{endpoint} could not be verified (%{tlsError}: %{reason}); nothing was sent. Install a certificate the system trusts, or set CHECK_SSL to no if this gateway is on a network you trust",
    {
      meaning:
        "The gateway's TLS certificate could not be verified (self-signed, expired, wrong host name or unknown issuer). Nothing was sent. Fix the certificate, or set CHECK_SSL to no for a gateway on a trusted network.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_TLS_HANDSHAKE",
    "gateway '%{gateway}': the TLS handshake with %{endpoint} failed (%{tlsError}: %{reason}); nothing was sent — does the URL's scheme and port match the gateway?",
    {
      meaning:
        "The TLS handshake with the gateway failed for a reason other than the certificate (e.g. an https:// URL pointing at a plain-HTTP port). Nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_PROXY",
    "gateway '%{gateway}': the proxy %{proxy} refused to forward the request to %{endpoint} (HTTP %{proxyStatus}%{hint}); nothing reached the gateway",
    {
      meaning:
        "The proxy refused to forward the request (e.g. 407 proxy authentication required, 403 forbidden). Nothing reached the gateway.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_STATUS",
    "gateway '%{gateway}': %{endpoint} answered HTTP %{status} (expected 200, 201 or 202)%{excerpt}",
    {
      meaning:
        "The gateway answered with a status other than 200, 201 or 202; `details.status` holds it, the message quotes the start of the body.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING",
    "gateway '%{gateway}': the response of %{endpoint} (HTTP %{status}) does not contain RETURN_SUCCESS %{expected}, so the message counts as not sent%{excerpt}",
    {
      meaning: "The gateway answered 2xx but the body does not contain the RETURN_SUCCESS text.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_RETURN_FAIL_FOUND",
    "gateway '%{gateway}': the response of %{endpoint} (HTTP %{status}) contains RETURN_FAIL %{failure}, so the message was not sent%{excerpt}",
    {
      meaning: "The gateway answered 2xx but the body contains the RETURN_FAIL text.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_REQUEST_INVALID",
    "gateway '%{gateway}': the request to %{endpoint} could not be built (%{reason}): a header or the URL holds a character HTTP does not allow, such as a line break from {phone} or {otp}; nothing was sent",
    {
      meaning:
        "The request could not be built: a header or the URL holds a character HTTP does not allow (e.g. a line break that {phone} or {otp} put into a header). Nothing was sent; a retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_HTTP_REQUEST_FAILED",
    "gateway '%{gateway}': the request to %{endpoint}%{via} failed (%{reason}); it is not known whether the message was sent",
    {
      meaning:
        "The request failed in another way (e.g. a malformed response). It is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
);

/** The HTTP provider's error codes and what each means (the manifest's `errorCodes`). */
export const httpErrorCodes = errorMeanings(httpErrors);

/** One of the HTTP provider's error codes. */
export type HttpErrorCode = keyof typeof httpErrors;

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
