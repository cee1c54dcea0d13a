/**
 * One classification of what an HTTP client (undici, `fetch`, `node:http`, a TLS socket) threw
 * when a request ended without an answer — decided once for every provider:
 *
 * | kind | when | retry safe | delivery unknown |
 * | --- | --- | --- | --- |
 * | `aborted` | the caller's signal aborted (not at the deadline) | no | yes |
 * | `deadline` | the caller's signal aborted with a `TimeoutError` (the send deadline) | no | yes |
 * | `connect-timeout` | `UND_ERR_CONNECT_TIMEOUT`: the connection never completed, nothing was written | yes | no |
 * | `timeout` | the provider's own timeout ran out after the request was written, or `UND_ERR_HEADERS_TIMEOUT` / `UND_ERR_BODY_TIMEOUT` | no | yes |
 * | `tls-verify` | the certificate could not be verified | yes | no |
 * | `proxy-refused` | the proxy refused to forward or tunnel (407, 403, …) | yes | no |
 * | `unreachable` | refused, host unknown or unreachable | yes | no |
 * | `tls-handshake` | the TLS handshake failed for another reason | yes | no |
 * | `request-invalid` | the client refused to build the request (`UND_ERR_INVALID_ARG`) | yes | no |
 * | `connection-dropped` | an established connection was reset or closed | no | yes |
 * | `failed` | anything else | no | yes |
 */
export type TransportFailureKind =
  | "aborted"
  | "deadline"
  | "connect-timeout"
  | "timeout"
  | "tls-verify"
  | "proxy-refused"
  | "unreachable"
  | "tls-handshake"
  | "request-invalid"
  | "connection-dropped"
  | "failed";

/** What a transport failure means for the message. */
export interface TransportFailure {
  readonly kind: TransportFailureKind;
  /** True when nothing can have reached the gateway: sending again cannot deliver twice. */
  readonly retrySafe: boolean;
  /** True when the request may have reached the gateway. */
  readonly deliveryUnknown: boolean;
  /** The most telling error code in the cause chain (e.g. `ECONNREFUSED`), when there is one. */
  readonly errorCode: string | undefined;
  /** The status a refusing proxy answered with (`proxy-refused`). */
  readonly proxyStatus: number | undefined;
  /** The first error message of the chain, with its code — not yet censored. */
  readonly reason: string;
}

/** What the classification needs beside the error. */
export interface TransportContext {
  /** The caller's signal (the send deadline or the application). */
  readonly signal?: AbortSignal | undefined;
  /** Whether the provider's own timeout (e.g. TIMEOUT) ran out. */
  readonly timedOut?: boolean | undefined;
}

/** Classify what a transport threw; see `TransportFailureKind` for the table. */
export function classifyTransportFailure(error: unknown, context: TransportContext = {}): TransportFailure {
  const causes = causeChain(error);
  const codes = causes.map((cause) => cause.code).filter((code): code is string => code !== undefined);
  const has = (wanted: ReadonlySet<string>) => codes.find((code) => wanted.has(code));
  const base = { errorCode: mainCode(codes), proxyStatus: undefined, reason: describe(causes) };
  const unknown = (kind: TransportFailureKind) => ({
    ...base,
    kind,
    retrySafe: false,
    deliveryUnknown: true,
  });
  const safe = (kind: TransportFailureKind, errorCode = base.errorCode) => ({
    ...base,
    kind,
    errorCode,
    retrySafe: true,
    deliveryUnknown: false,
  });

  if (context.signal?.aborted && !context.timedOut) {
    return unknown(isTimeoutReason(context.signal.reason) ? "deadline" : "aborted");
  }
  if (codes.includes("UND_ERR_CONNECT_TIMEOUT")) return safe("connect-timeout", "UND_ERR_CONNECT_TIMEOUT");
  if (context.timedOut || has(readTimeoutCodes)) return unknown("timeout");
  const certificate = codes.find((code) => certificateCodes.has(code) || certificatePattern.test(code));
  if (certificate) return safe("tls-verify", certificate);
  const proxyStatus = proxyRefusal(causes);
  if (proxyStatus !== undefined) return { ...safe("proxy-refused"), proxyStatus };
  const unreachable = has(unreachableCodes);
  if (unreachable) return safe("unreachable", unreachable);
  const handshake = codes.find((code) => handshakePattern.test(code));
  if (handshake) return safe("tls-handshake", handshake);
  if (codes.includes("UND_ERR_INVALID_ARG")) return safe("request-invalid", "UND_ERR_INVALID_ARG");
  if (has(droppedCodes)) return unknown("connection-dropped");
  return unknown("failed");
}

/** Whether an abort reason is the deadline's (`AbortSignal.timeout`, or smskit's send deadline). */
export function isTimeoutReason(reason: unknown): boolean {
  return (reason as { name?: unknown } | null | undefined)?.name === "TimeoutError";
}

/** Codes of a timeout after the request was written. */
const readTimeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Certificate verification failures as OpenSSL and Node name them. */
const certificateCodes = new Set([
  "UNABLE_TO_GET_CRL",
  "CRL_SIGNATURE_FAILURE",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
/** The rest of OpenSSL's verification codes, by their prefixes (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_…). */
const certificatePattern = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
/** Other TLS failures: the handshake itself. */
const handshakePattern = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_)/;

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

/** Wrapper codes that say less than the code beneath them. */
const wrapperCodes = new Set(["UND_ERR_SOCKET", "UND_ERR_ABORTED"]);

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

function mainCode(codes: readonly string[]): string | undefined {
  return codes.find((code) => !wrapperCodes.has(code)) ?? codes[0];
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
