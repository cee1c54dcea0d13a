import {
  coreErrors,
  defineSendError,
  type ErrorCode,
  type ErrorDefinition,
  errorCatalogue,
  errorMeanings,
  type Redact,
  SmsError,
} from "@smskit/provider";
import { gatewayPrefix } from "./gateway-message.js";
import {
  classifyTransportFailure,
  type TransportContext,
  type TransportFailure,
  type TransportFailureKind,
} from "./transport-failure.js";

/** What `transportError` needs to name the failure. */
export interface TransportErrorOptions extends TransportContext {
  /** The gateway's name (the message starts with `gateway '…': `). */
  readonly gateway: string;
  /** What the request went to, without credentials, e.g. `https://api.example.com/send`. */
  readonly target: string;
  /** Censors the gateway's secrets in the reason the transport gave (usually `context.redact`). */
  readonly redact: Redact;
  /**
   * The start of the provider's own codes, e.g. `SMSKIT_E_ACME`: failures get
   * `SMSKIT_E_ACME_UNREACHABLE`, `_TIMEOUT`, `_TLS`, `_PROXY`, `_REQUEST_INVALID` or
   * `_CONNECTION` (see `transportErrorCodes`); an abort or the deadline gets core's
   * `SMSKIT_E_SEND_ABORTED` / `SMSKIT_E_SEND_TIMEOUT`.
   */
  readonly codePrefix?: `SMSKIT_E_${string}`;
  /**
   * Codes per kind, over those of `codePrefix`: a definition whose template is
   * `transportTemplate` (its flags are the error's), or a bare code (the flags of the
   * classification). A kind with neither gets core's `SMSKIT_E_SEND_UNREACHABLE` when nothing
   * was sent, else `SMSKIT_E_SEND_FAILED`.
   */
  readonly codes?: Partial<Record<TransportFailureKind, ErrorCode | TransportErrorDefinition>>;
}

/** The message template of every code `transportError` raises: the gateway, then what happened. */
export const transportTemplate = "gateway '%{gateway}': %{failure}";

/** A definition `transportError` can raise: its template is `transportTemplate`. */
export type TransportErrorDefinition = ErrorDefinition<ErrorCode, typeof transportTemplate, "send">;

/** The code suffix each kind gets under a `codePrefix`. */
const suffixes: Partial<Record<TransportFailureKind, string>> = {
  "connect-timeout": "UNREACHABLE",
  unreachable: "UNREACHABLE",
  timeout: "TIMEOUT",
  "tls-verify": "TLS",
  "tls-handshake": "TLS",
  "proxy-refused": "PROXY",
  "request-invalid": "REQUEST_INVALID",
  "connection-dropped": "CONNECTION",
  failed: "CONNECTION",
};

/** The definitions of the codes `transportError` raises under `prefix` — for the manifest's `errors`. */
export function transportErrors(
  prefix: `SMSKIT_E_${string}`,
): Readonly<Record<string, TransportErrorDefinition>> {
  let catalogue = cataloguesByPrefix.get(prefix);
  if (!catalogue) {
    catalogue = prefixCatalogue(prefix);
    cataloguesByPrefix.set(prefix, catalogue);
  }
  return catalogue;
}

const cataloguesByPrefix = new Map<string, Readonly<Record<string, TransportErrorDefinition>>>();

function prefixCatalogue(prefix: `SMSKIT_E_${string}`): Readonly<Record<string, TransportErrorDefinition>> {
  const define = (suffix: string, meaning: string, retrySafe: boolean) =>
    defineSendError(`${prefix}_${suffix}`, transportTemplate, {
      meaning,
      retrySafe,
      deliveryUnknown: !retrySafe,
    });
  return errorCatalogue(
    define(
      "UNREACHABLE",
      "The gateway could not be reached (refused, host unknown, no connection within the timeout). Nothing was sent; a retry is safe.",
      true,
    ),
    define(
      "TIMEOUT",
      "The gateway did not answer in time after the request was written. It is not known whether the message was sent.",
      false,
    ),
    define(
      "TLS",
      "The TLS certificate could not be verified or the handshake failed. Nothing was sent.",
      true,
    ),
    define("PROXY", "The proxy refused to forward the request. Nothing reached the gateway.", true),
    define(
      "REQUEST_INVALID",
      "The request could not be built (a character HTTP does not allow). Nothing was sent; a retry is safe.",
      true,
    ),
    define(
      "CONNECTION",
      "The connection broke or the request failed otherwise. It is not known whether the message was sent.",
      false,
    ),
  );
}

/**
 * The codes `transportError` raises under `prefix`, each with what it means — for the
 * manifest's `errorCodes`, so that they are documented with core's.
 */
export function transportErrorCodes(prefix: `SMSKIT_E_${string}`): Record<string, string> {
  return { ...errorMeanings(transportErrors(prefix)) };
}

function definitionFor(
  kind: TransportFailureKind,
  options: TransportErrorOptions,
): ErrorCode | TransportErrorDefinition {
  const own = options.codes?.[kind];
  if (own) return own;
  const suffix = suffixes[kind];
  return options.codePrefix && suffix
    ? (transportErrors(options.codePrefix)[`${options.codePrefix}_${suffix}`] ?? defaultCodes[kind])
    : defaultCodes[kind];
}

/**
 * Turn what a transport threw into an `SmsError` with the right `retrySafe`/`deliveryUnknown`
 * (the table at `TransportFailureKind`), a message naming the gateway and target, and
 * `details.errorCode` / `details.proxyStatus`. An `SmsError` passes through unchanged.
 */
export function transportError(error: unknown, options: TransportErrorOptions): SmsError {
  if (error instanceof SmsError) return error;
  const failure = classifyTransportFailure(error, options);
  const details: Record<string, unknown> = {};
  if (failure.errorCode !== undefined) details.errorCode = failure.errorCode;
  if (failure.proxyStatus !== undefined) details.proxyStatus = failure.proxyStatus;
  const aborted = failure.kind === "aborted" || failure.kind === "deadline";
  const text = describeFailure(failure, options.target, options.redact(failure.reason));
  // An abort's reason is the caller's own (often a DOMException), not the transport's failure.
  const cause = aborted ? {} : { cause: error };
  const definition = definitionFor(failure.kind, options);
  if (typeof definition !== "string") {
    return definition.create(
      { gateway: options.gateway, failure: text },
      { gateway: options.gateway, details, ...cause },
    );
  }
  return new SmsError(definition, `${gatewayPrefix(options.gateway)}${text}`, {
    gateway: options.gateway,
    retrySafe: failure.retrySafe,
    deliveryUnknown: failure.deliveryUnknown,
    details,
    ...cause,
  });
}

/** One sentence on what happened and what it means for the message. */
export function describeFailure(failure: TransportFailure, target: string, reason: string): string {
  switch (failure.kind) {
    case "aborted":
      return `the request to ${target} was aborted by the caller; it is not known whether the message was sent`;
    case "deadline":
      return `the request to ${target} was stopped at the send deadline; it is not known whether the message was sent`;
    case "connect-timeout":
      return `could not connect to ${target} in time; nothing was sent`;
    case "timeout":
      return `${target} did not answer in time; it is not known whether the message was sent — check with the gateway before sending again`;
    case "tls-verify":
      return `the TLS certificate of ${target} could not be verified (${reason}); nothing was sent`;
    case "proxy-refused":
      return `the proxy refused to forward the request to ${target} (HTTP ${failure.proxyStatus}); nothing reached the gateway`;
    case "unreachable":
      return `could not connect to ${target} (${reason}); nothing was sent, sending again is safe`;
    case "tls-handshake":
      return `the TLS handshake with ${target} failed (${reason}); nothing was sent`;
    case "request-invalid":
      return `the request to ${target} could not be built (${reason}); nothing was sent`;
    case "connection-dropped":
      return `the connection to ${target} was closed before an answer came (${reason}); it is not known whether the message was sent`;
    case "failed":
      return `the request to ${target} failed (${reason}); it is not known whether the message was sent`;
  }
}

/** Core's codes for a provider without its own; each has the flags of the kinds it gets. */
const defaultCodes: Record<TransportFailureKind, TransportErrorDefinition> = {
  aborted: coreErrors.SMSKIT_E_SEND_ABORTED,
  deadline: coreErrors.SMSKIT_E_SEND_TIMEOUT,
  "connect-timeout": coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  timeout: coreErrors.SMSKIT_E_SEND_TIMEOUT,
  "tls-verify": coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  "proxy-refused": coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  unreachable: coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  "tls-handshake": coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  "request-invalid": coreErrors.SMSKIT_E_SEND_UNREACHABLE,
  "connection-dropped": coreErrors.SMSKIT_E_SEND_FAILED,
  failed: coreErrors.SMSKIT_E_SEND_FAILED,
};
