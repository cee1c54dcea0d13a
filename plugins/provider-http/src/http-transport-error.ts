import { coreErrors, type SmsError } from "@smskit/provider";
import { classifyTransportFailure } from "@smskit/provider-utils";
import { httpErrors, type RequestTarget } from "./http-error-codes.js";

/** How a request ended without a response, as far as the caller's and our own signals tell. */
export interface TransportFailure {
  /** Our TIMEOUT elapsed. */
  readonly timedOut: boolean;
  /** The caller's signal (the pipeline deadline or the application) aborted. */
  readonly callerSignal: AbortSignal;
}

/**
 * Map whatever undici or the socket threw into an `SmsError` with the HTTP provider's code and
 * words; provider-utils' one classification picks the kind, each kind has its own code (whose
 * definition says whether a retry is safe).
 */
export function transportError(error: unknown, target: RequestTarget, failure: TransportFailure): SmsError {
  const classified = classifyTransportFailure(error, {
    signal: failure.callerSignal,
    timedOut: failure.timedOut,
  });
  const { kind, errorCode } = classified;
  const { gateway, endpoint } = target;
  const via = target.proxy ? ` through the proxy ${target.proxy}` : "";
  const seconds = formatSeconds(target.timeoutMs);
  const reason = target.redact(classified.reason);
  const extras = (details?: Record<string, unknown>) => ({
    gateway,
    ...(details ? { details } : {}),
    // An abort's reason is the caller's own (often a DOMException), not the transport's failure.
    ...(kind === "aborted" || kind === "deadline" ? {} : { cause: error }),
  });

  switch (kind) {
    case "aborted":
    case "deadline":
      return (
        kind === "deadline" ? coreErrors.SMSKIT_E_SEND_TIMEOUT : coreErrors.SMSKIT_E_SEND_ABORTED
      ).create(
        {
          gateway,
          failure: `the request to ${endpoint} was ${kind === "deadline" ? "stopped at the send deadline" : "aborted by the caller"}; it is not known whether the message was sent`,
        },
        extras(),
      );
    case "connect-timeout":
      return httpErrors.SMSKIT_E_HTTP_CONNECT_TIMEOUT.create({ gateway, endpoint, via, seconds }, extras());
    case "timeout":
      return httpErrors.SMSKIT_E_HTTP_TIMEOUT.create({ gateway, endpoint, via, seconds }, extras());
    case "tls-verify":
      return httpErrors.SMSKIT_E_HTTP_TLS_VERIFY.create(
        { gateway, endpoint, tlsError: String(errorCode), reason },
        extras({ tlsError: errorCode }),
      );
    case "proxy-refused":
      return httpErrors.SMSKIT_E_HTTP_PROXY.create(
        {
          gateway,
          endpoint,
          proxy: target.proxy ?? "",
          proxyStatus: String(classified.proxyStatus),
          hint:
            classified.proxyStatus === 407
              ? ": proxy authentication required — put user:password@ in the proxy URL"
              : "",
        },
        extras({ proxyStatus: classified.proxyStatus }),
      );
    case "unreachable":
      return httpErrors.SMSKIT_E_HTTP_CONNECTION_REFUSED.create(
        {
          gateway,
          target: target.proxy ? `the proxy ${target.proxy} for ${endpoint}` : endpoint,
          errorCode: String(errorCode),
        },
        extras({ errorCode }),
      );
    case "tls-handshake":
      return httpErrors.SMSKIT_E_HTTP_TLS_HANDSHAKE.create(
        { gateway, endpoint, tlsError: String(errorCode), reason },
        extras({ tlsError: errorCode }),
      );
    case "request-invalid":
      return httpErrors.SMSKIT_E_HTTP_REQUEST_INVALID.create({ gateway, endpoint, reason }, extras());
    case "connection-dropped":
      return httpErrors.SMSKIT_E_HTTP_CONNECTION_RESET.create({ gateway, endpoint, via, reason }, extras());
    case "failed":
      return httpErrors.SMSKIT_E_HTTP_REQUEST_FAILED.create({ gateway, endpoint, via, reason }, extras());
  }
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))} s`;
}
