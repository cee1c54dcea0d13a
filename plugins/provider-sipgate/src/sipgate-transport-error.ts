import type { Redact, SmsError } from "@smskit/provider";
import { transportError } from "@smskit/provider-utils";
import { sipgateErrors } from "./sipgate-errors.js";

/**
 * What the HTTP client threw, as an `SmsError` with sipgate's codes: provider-utils' one
 * classification decides whether a retry is safe (unreachable, connect timeout, proxy refusal,
 * TLS) or the delivery is unknown (a link lost after the request may have gone out).
 */
export function sipgateTransportError(
  error: unknown,
  gateway: string,
  target: string,
  signal: AbortSignal,
  redact: Redact,
): SmsError {
  return transportError(error, {
    gateway,
    target,
    signal,
    redact,
    codes: {
      unreachable: sipgateErrors.SMSKIT_E_SIPGATE_UNREACHABLE,
      "connect-timeout": sipgateErrors.SMSKIT_E_SIPGATE_UNREACHABLE,
      "proxy-refused": sipgateErrors.SMSKIT_E_SIPGATE_UNREACHABLE,
      "request-invalid": sipgateErrors.SMSKIT_E_SIPGATE_REQUEST_INVALID,
      "tls-verify": sipgateErrors.SMSKIT_E_SIPGATE_TLS,
      "tls-handshake": sipgateErrors.SMSKIT_E_SIPGATE_TLS,
      timeout: sipgateErrors.SMSKIT_E_SIPGATE_CONNECTION,
      "connection-dropped": sipgateErrors.SMSKIT_E_SIPGATE_CONNECTION,
      failed: sipgateErrors.SMSKIT_E_SIPGATE_CONNECTION,
    },
  });
}
