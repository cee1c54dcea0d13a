import { SmsError } from "@smskit/provider";
import { classifyTransportFailure, gatewayPrefix } from "@smskit/provider-utils";
import type { HttpErrorCode, RequestTarget } from "./http-error-codes.js";

/** How a request ended without a response, as far as the caller's and our own signals tell. */
export interface TransportFailure {
  /** Our TIMEOUT elapsed. */
  readonly timedOut: boolean;
  /** The caller's signal (the pipeline deadline or the application) aborted. */
  readonly callerSignal: AbortSignal;
}

/**
 * Map whatever undici or the socket threw into an `SmsError` with the HTTP provider's code and
 * words; whether a retry is safe comes from provider-utils' one classification.
 */
export function transportError(error: unknown, target: RequestTarget, failure: TransportFailure): SmsError {
  const classified = classifyTransportFailure(error, {
    signal: failure.callerSignal,
    timedOut: failure.timedOut,
  });
  const { kind, retrySafe, deliveryUnknown, errorCode } = classified;
  const via = target.proxy ? ` through the proxy ${target.proxy}` : "";
  const seconds = formatSeconds(target.timeoutMs);
  const reason = target.redact(classified.reason);
  const fail = (
    code: HttpErrorCode | "SMSKIT_E_SEND_TIMEOUT" | "SMSKIT_E_SEND_ABORTED",
    text: string,
    details?: Record<string, unknown>,
  ) =>
    new SmsError(code, `${gatewayPrefix(target.gateway)}${text}`, {
      gateway: target.gateway,
      retrySafe,
      deliveryUnknown,
      ...(details ? { details } : {}),
      // An abort's reason is the caller's own (often a DOMException), not the transport's failure.
      ...(kind === "aborted" || kind === "deadline" ? {} : { cause: error }),
    });

  switch (kind) {
    case "aborted":
    case "deadline":
      return fail(
        kind === "deadline" ? "SMSKIT_E_SEND_TIMEOUT" : "SMSKIT_E_SEND_ABORTED",
        `the request to ${target.endpoint} was ${kind === "deadline" ? "stopped at the send deadline" : "aborted by the caller"}; it is not known whether the message was sent`,
      );
    case "connect-timeout":
      return fail(
        "SMSKIT_E_HTTP_TIMEOUT",
        `could not connect to ${target.endpoint}${via} within TIMEOUT ${seconds}; nothing was sent`,
      );
    case "timeout":
      return fail(
        "SMSKIT_E_HTTP_TIMEOUT",
        `${target.endpoint}${via} did not answer within TIMEOUT ${seconds}; it is not known whether the message was sent — check with the gateway before sending again`,
      );
    case "tls-verify":
      return fail(
        "SMSKIT_E_HTTP_TLS_VERIFY",
        `the TLS certificate of ${target.endpoint} could not be verified (${errorCode}: ${reason}); nothing was sent. Install a certificate the system trusts, or set CHECK_SSL to no if this gateway is on a network you trust`,
        { tlsError: errorCode },
      );
    case "proxy-refused":
      return fail(
        "SMSKIT_E_HTTP_PROXY",
        `the proxy ${target.proxy ?? ""} refused to forward the request to ${target.endpoint} (HTTP ${classified.proxyStatus}${classified.proxyStatus === 407 ? ": proxy authentication required — put user:password@ in the proxy URL" : ""}); nothing reached the gateway`,
        { proxyStatus: classified.proxyStatus },
      );
    case "unreachable":
      return fail(
        "SMSKIT_E_HTTP_CONNECTION_REFUSED",
        `could not connect to ${target.proxy ? `the proxy ${target.proxy} for ${target.endpoint}` : target.endpoint} (${errorCode}); nothing was sent, sending again is safe`,
        { errorCode },
      );
    case "tls-handshake":
      return fail(
        "SMSKIT_E_HTTP_TLS_HANDSHAKE",
        `the TLS handshake with ${target.endpoint} failed (${errorCode}: ${reason}); nothing was sent — does the URL's scheme and port match the gateway?`,
        { tlsError: errorCode },
      );
    case "request-invalid":
      return fail(
        "SMSKIT_E_HTTP_REQUEST_INVALID",
        `the request to ${target.endpoint} could not be built (${reason}): a header or the URL holds a character HTTP does not allow, such as a line break from {phone} or {otp}; nothing was sent`,
      );
    case "connection-dropped":
      return fail(
        "SMSKIT_E_HTTP_CONNECTION_RESET",
        `the connection to ${target.endpoint}${via} was closed before an answer came (${reason}); the request may have reached the gateway, so it is not known whether the message was sent`,
      );
    case "failed":
      return fail(
        "SMSKIT_E_HTTP_REQUEST_FAILED",
        `the request to ${target.endpoint}${via} failed (${reason}); it is not known whether the message was sent`,
      );
  }
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))} s`;
}
