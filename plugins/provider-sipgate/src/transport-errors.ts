import { SmsError } from "@smskit/provider";

/** Error codes of undici and Node meaning the connection never reached the gateway. */
const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Certificate and handshake problems: nothing was sent. */
const tlsCodePattern = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/;

/**
 * Turn what the HTTP client threw into an `SmsError`: aborted (deadline or caller), unreachable
 * or refused by the proxy (retry safe), a TLS failure (retry safe), or a link lost after the
 * request may have gone out (delivery unknown).
 */
export function transportError(
  error: unknown,
  gateway: string,
  target: string,
  signal: AbortSignal,
  redact: (text: string) => string,
): SmsError {
  if (error instanceof SmsError) return error;
  if (signal.aborted) return abortError(gateway, signal);
  const code = errorCode(error);
  const detail = redact(describe(error));
  if (code !== undefined && unreachableCodes.has(code)) {
    return new SmsError(
      "SMSKIT_E_SIPGATE_UNREACHABLE",
      `gateway '${gateway}': cannot connect to ${target} (${detail}); nothing was sent — check URL, PROXY and the network`,
      { gateway, retrySafe: true, details: { code }, cause: error },
    );
  }
  if (/^Proxy response \(\d+\)/.test(messageOf(error))) {
    return new SmsError(
      "SMSKIT_E_SIPGATE_UNREACHABLE",
      `gateway '${gateway}': the proxy refused the tunnel to ${target} (${detail}); nothing was sent — check PROXY and its credentials`,
      { gateway, retrySafe: true, details: { code }, cause: error },
    );
  }
  if (code !== undefined && tlsCodePattern.test(code)) {
    return new SmsError(
      "SMSKIT_E_SIPGATE_TLS",
      `gateway '${gateway}': the TLS handshake with ${target} failed (${detail}); nothing was sent`,
      { gateway, retrySafe: true, details: { code }, cause: error },
    );
  }
  return new SmsError(
    "SMSKIT_E_SIPGATE_CONNECTION",
    `gateway '${gateway}': the connection to ${target} broke (${detail}); it is not known whether the message was sent`,
    { gateway, retrySafe: false, deliveryUnknown: true, details: { code }, cause: error },
  );
}

/** The send was aborted: by the pipeline's deadline or by the caller. */
export function abortError(gateway: string, signal: AbortSignal): SmsError {
  const deadline = (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
  return new SmsError(
    deadline ? "SMSKIT_E_SEND_TIMEOUT" : "SMSKIT_E_SEND_ABORTED",
    `gateway '${gateway}': the request to sipgate ${deadline ? "ran past the send deadline" : "was aborted"}; it is not known whether the message was sent`,
    { gateway, retrySafe: false, deliveryUnknown: true },
  );
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET" && code !== "UND_ERR_ABORTED") return code;
    const nested = (current as { errors?: unknown[] }).errors?.[0];
    current = (current as { cause?: unknown }).cause ?? nested;
  }
  const outer = (error as { code?: unknown } | undefined)?.code;
  return typeof outer === "string" ? outer : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  const code = errorCode(error);
  const message = messageOf(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
