import { SmsError } from "@smskit/provider";

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
  readonly redact: (text: string) => string;
}

/** The gateway answered with a status other than 200, 201 or 202. */
export function statusError(target: RequestTarget, status: number, body: Buffer): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_STATUS",
    `${prefix(target)}${target.endpoint} answered HTTP ${status} (expected 200, 201 or 202)${bodyExcerpt(body, target)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_SUCCESS is not in the body. */
export function returnSuccessMissing(
  target: RequestTarget,
  status: number,
  body: Buffer,
  expected: string,
): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_RETURN_SUCCESS_MISSING",
    `${prefix(target)}the response of ${target.endpoint} (HTTP ${status}) does not contain RETURN_SUCCESS ${JSON.stringify(target.redact(expected))}, so the message counts as not sent${bodyExcerpt(body, target)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}

/** The gateway answered 2xx but RETURN_FAIL is in the body. */
export function returnFailFound(
  target: RequestTarget,
  status: number,
  body: Buffer,
  failure: string,
): SmsError {
  return new SmsError(
    "SMSKIT_E_HTTP_RETURN_FAIL_FOUND",
    `${prefix(target)}the response of ${target.endpoint} (HTTP ${status}) contains RETURN_FAIL ${JSON.stringify(target.redact(failure))}, so the message was not sent${bodyExcerpt(body, target)}`,
    { gateway: target.gateway, retrySafe: false, details: { status } },
  );
}

/** How a request ended without a response, as far as the caller's and our own signals tell. */
export interface TransportFailure {
  /** Our TIMEOUT elapsed. */
  readonly timedOut: boolean;
  /** The caller's signal (the pipeline deadline or the application) aborted. */
  readonly callerSignal: AbortSignal;
}

/** Map whatever undici or the socket threw into an `SmsError` with its own code. */
export function transportError(error: unknown, target: RequestTarget, failure: TransportFailure): SmsError {
  const gateway = target.gateway;
  const via = target.proxy ? ` through the proxy ${target.proxy}` : "";
  const seconds = formatSeconds(target.timeoutMs);
  const causes = causeChain(error);
  const codes = new Set(causes.map((cause) => cause.code).filter((code) => code !== undefined));
  const reason = target.redact(describe(causes));

  if (failure.callerSignal.aborted && !failure.timedOut) {
    const deadline = isTimeoutReason(failure.callerSignal.reason);
    return new SmsError(
      deadline ? "SMSKIT_E_SEND_TIMEOUT" : "SMSKIT_E_SEND_ABORTED",
      `${prefix(target)}the request to ${target.endpoint} was ${deadline ? "stopped at the send deadline" : "aborted by the caller"}; it is not known whether the message was sent`,
      // No cause: it is the caller's own abort reason, often a DOMException.
      { gateway, retrySafe: false, deliveryUnknown: true },
    );
  }
  if (codes.has("UND_ERR_CONNECT_TIMEOUT")) {
    return new SmsError(
      "SMSKIT_E_HTTP_TIMEOUT",
      `${prefix(target)}could not connect to ${target.endpoint}${via} within TIMEOUT ${seconds}; nothing was sent`,
      { gateway, retrySafe: true, cause: error },
    );
  }
  if (failure.timedOut || codes.has("UND_ERR_HEADERS_TIMEOUT") || codes.has("UND_ERR_BODY_TIMEOUT")) {
    return new SmsError(
      "SMSKIT_E_HTTP_TIMEOUT",
      `${prefix(target)}${target.endpoint}${via} did not answer within TIMEOUT ${seconds}; it is not known whether the message was sent — check with the gateway before sending again`,
      { gateway, retrySafe: false, deliveryUnknown: true, cause: error },
    );
  }
  const tlsCode = [...codes].find((code) => certificateErrorCodes.has(code));
  if (tlsCode) {
    return new SmsError(
      "SMSKIT_E_HTTP_TLS_VERIFY",
      `${prefix(target)}the TLS certificate of ${target.endpoint} could not be verified (${tlsCode}: ${reason}); nothing was sent. Install a certificate the system trusts, or set CHECK_SSL to no if this gateway is on a network you trust`,
      { gateway, retrySafe: true, details: { tlsError: tlsCode }, cause: error },
    );
  }
  const proxyStatus = proxyRefusal(causes);
  if (proxyStatus !== undefined) {
    return new SmsError(
      "SMSKIT_E_HTTP_PROXY",
      `${prefix(target)}the proxy ${target.proxy ?? ""} refused to forward the request to ${target.endpoint} (HTTP ${proxyStatus}${proxyStatus === 407 ? ": proxy authentication required — put user:password@ in the proxy URL" : ""}); nothing reached the gateway`,
      { gateway, retrySafe: true, details: { proxyStatus }, cause: error },
    );
  }
  const refused = [...codes].find((code) => unreachableCodes.has(code));
  if (refused) {
    return new SmsError(
      "SMSKIT_E_HTTP_CONNECTION_REFUSED",
      `${prefix(target)}could not connect to ${target.proxy ? `the proxy ${target.proxy} for ${target.endpoint}` : target.endpoint} (${refused}); nothing was sent, sending again is safe`,
      { gateway, retrySafe: true, details: { errorCode: refused }, cause: error },
    );
  }
  const handshake = [...codes].find((code) => code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"));
  if (handshake) {
    return new SmsError(
      "SMSKIT_E_HTTP_TLS_HANDSHAKE",
      `${prefix(target)}the TLS handshake with ${target.endpoint} failed (${handshake}: ${reason}); nothing was sent — does the URL's scheme and port match the gateway?`,
      { gateway, retrySafe: true, details: { tlsError: handshake }, cause: error },
    );
  }
  if (codes.has("UND_ERR_INVALID_ARG")) {
    // undici refuses such a request before it writes a byte of it (its proxy refusals, same code, are handled above).
    return new SmsError(
      "SMSKIT_E_HTTP_REQUEST_INVALID",
      `${prefix(target)}the request to ${target.endpoint} could not be built (${reason}): a header or the URL holds a character HTTP does not allow, such as a line break from {phone} or {otp}; nothing was sent`,
      { gateway, retrySafe: true, cause: error },
    );
  }
  if ([...codes].some((code) => droppedCodes.has(code))) {
    return new SmsError(
      "SMSKIT_E_HTTP_CONNECTION_RESET",
      `${prefix(target)}the connection to ${target.endpoint}${via} was closed before an answer came (${reason}); the request may have reached the gateway, so it is not known whether the message was sent`,
      { gateway, retrySafe: false, deliveryUnknown: true, cause: error },
    );
  }
  return new SmsError(
    "SMSKIT_E_HTTP_REQUEST_FAILED",
    `${prefix(target)}the request to ${target.endpoint}${via} failed (${reason}); it is not known whether the message was sent`,
    { gateway, retrySafe: false, deliveryUnknown: true, cause: error },
  );
}

/** How many bytes of a response body an error message quotes. */
export const bodyExcerptBytes = 200;

/** Certificate verification failures as OpenSSL and Node name them. */
const certificateErrorCodes = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Errors that mean no connection was made, so nothing can have been sent. */
const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
]);

/** Errors that mean an established connection went away. */
const droppedCodes = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

interface ErrorLink {
  readonly code: string | undefined;
  readonly message: string;
}

/** The error, its causes and (for an AggregateError from dual-stack connects) its members. */
function causeChain(error: unknown): ErrorLink[] {
  const links: ErrorLink[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 5 || value === null || value === undefined || seen.has(value)) return;
    seen.add(value);
    if (typeof value !== "object") {
      links.push({ code: undefined, message: String(value) });
      return;
    }
    const record = value as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    links.push({
      code: typeof record.code === "string" ? record.code : undefined,
      message: typeof record.message === "string" ? record.message : String(value),
    });
    visit(record.cause, depth + 1);
    if (Array.isArray(record.errors)) for (const member of record.errors) visit(member, depth + 1);
  };
  visit(error, 0);
  return links;
}

function describe(causes: readonly ErrorLink[]): string {
  const first = causes.find((cause) => cause.message !== "") ?? causes[0];
  if (!first) return "unknown error";
  return first.code && !first.message.includes(first.code)
    ? `${first.code}: ${first.message}`
    : first.message;
}

/** The status a proxy refused with, from undici's tunnelling and forwarding errors. */
function proxyRefusal(causes: readonly ErrorLink[]): number | undefined {
  for (const cause of causes) {
    const match = /^Proxy response \((\d{3})\)|^Proxy Authentication Required \((\d{3})\)/.exec(
      cause.message,
    );
    const status = match?.[1] ?? match?.[2];
    if (status) return Number(status);
  }
  return undefined;
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === "TimeoutError";
}

function prefix(target: RequestTarget): string {
  return `gateway '${target.gateway}': `;
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))} s`;
}

/** ": " and the first bytes of the body, secrets censored, or nothing for an empty body. */
function bodyExcerpt(body: Buffer, target: RequestTarget): string {
  if (body.length === 0) return " (empty body)";
  // Censor the whole body first, so that a secret cut at the excerpt's end cannot leak half of itself.
  const censored = Buffer.from(target.redact(body.toString("utf8")), "utf8");
  const excerpt = censored
    .subarray(0, bodyExcerptBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `: ${JSON.stringify(excerpt)}${censored.length > bodyExcerptBytes ? " …" : ""}`;
}
