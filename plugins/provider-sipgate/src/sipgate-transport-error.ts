import type { Redact, SmsError } from "@smskit/provider";
import { transportError } from "@smskit/provider-utils";

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
      unreachable: "SMSKIT_E_SIPGATE_UNREACHABLE",
      "connect-timeout": "SMSKIT_E_SIPGATE_UNREACHABLE",
      "proxy-refused": "SMSKIT_E_SIPGATE_UNREACHABLE",
      "request-invalid": "SMSKIT_E_SIPGATE_REQUEST_INVALID",
      "tls-verify": "SMSKIT_E_SIPGATE_TLS",
      "tls-handshake": "SMSKIT_E_SIPGATE_TLS",
      timeout: "SMSKIT_E_SIPGATE_CONNECTION",
      "connection-dropped": "SMSKIT_E_SIPGATE_CONNECTION",
      failed: "SMSKIT_E_SIPGATE_CONNECTION",
    },
  });
}
