import { SmsError } from "@smskit/provider";
import type { FirebaseErrorCode } from "./error-codes.js";

/** What the mapping needs from the gateway. */
export interface FailureContext {
  readonly gateway: string;
  /** Replaces the gateway's secrets in outside text. */
  readonly redact: (text: string) => string;
}

/** How one FCM error is reported. */
interface Classification {
  readonly code: FirebaseErrorCode;
  /** What happened, for a person. */
  readonly what: string;
  /** What to do about it. */
  readonly advice: string;
  readonly retrySafe: boolean;
  readonly deliveryUnknown?: boolean;
  readonly discardRecipient?: boolean;
  readonly retryLater?: boolean;
}

/** firebase-admin's messaging error codes and what they mean for the caller. */
const messagingErrors: Record<string, Classification> = {
  "messaging/registration-token-not-registered": {
    code: "SMSKIT_E_FIREBASE_TOKEN_UNREGISTERED",
    what: "the device token is no longer registered",
    advice: "discard it; the app was uninstalled or got a new token, so the device must enrol again",
    retrySafe: true,
    discardRecipient: true,
  },
  "messaging/invalid-registration-token": {
    code: "SMSKIT_E_FIREBASE_TOKEN_INVALID",
    what: "the recipient is not a valid registration token",
    advice: "discard it; check the token was stored completely",
    retrySafe: true,
    discardRecipient: true,
  },
  "messaging/invalid-recipient": {
    code: "SMSKIT_E_FIREBASE_TOKEN_INVALID",
    what: "the recipient is not a valid registration token",
    advice: "discard it; check the token was stored completely",
    retrySafe: true,
    discardRecipient: true,
  },
  "messaging/mismatched-credential": {
    code: "SMSKIT_E_FIREBASE_SENDER_MISMATCH",
    what: "the device token belongs to another Firebase project than the service account",
    advice:
      "check that the JSON config file is the key of the project the app registers with (projectid, projectnumber); the token is kept",
    retrySafe: true,
    discardRecipient: false,
  },
  "messaging/message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "the sending quota is exhausted",
    advice: "retry later, with back-off",
    retrySafe: true,
    retryLater: true,
  },
  "messaging/device-message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "too many messages went to this device",
    advice: "retry later, with back-off",
    retrySafe: true,
    retryLater: true,
  },
  "messaging/topics-message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "the sending quota is exhausted",
    advice: "retry later, with back-off",
    retrySafe: true,
    retryLater: true,
  },
  "messaging/server-unavailable": {
    code: "SMSKIT_E_FIREBASE_UNAVAILABLE",
    what: "FCM is temporarily unavailable",
    advice: "retry later, with back-off",
    retrySafe: true,
    retryLater: true,
  },
  "messaging/internal-error": {
    code: "SMSKIT_E_FIREBASE_INTERNAL",
    what: "FCM had an internal error",
    advice: "it is not known whether the message was accepted; FCM asks to retry with back-off",
    retrySafe: false,
    deliveryUnknown: true,
    retryLater: true,
  },
  "messaging/third-party-auth-error": {
    code: "SMSKIT_E_FIREBASE_THIRD_PARTY_AUTH",
    what: "FCM could not authenticate to APNs or Web Push for this device",
    advice:
      "upload a valid APNs authentication key in the Firebase console (Project settings → Cloud Messaging)",
    retrySafe: true,
    discardRecipient: false,
  },
  "messaging/authentication-error": {
    code: "SMSKIT_E_FIREBASE_AUTH",
    what: "FCM refused the service account's access token",
    advice:
      "check the service account may send with FCM (role Firebase Cloud Messaging API Admin) and that the Cloud Messaging API is enabled",
    retrySafe: true,
  },
};

const messageProblems = new Set([
  "messaging/invalid-argument",
  "messaging/invalid-payload",
  "messaging/invalid-data-payload-key",
  "messaging/payload-size-limit-exceeded",
  "messaging/invalid-options",
  "messaging/invalid-package-name",
]);

/** Network error codes that mean the request never left: nothing can have been delivered. */
const notConnectedCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENETDOWN",
]);

/** A failure while getting an access token: nothing was sent to FCM yet, so a retry is always safe. */
export function tokenFailure(error: unknown, context: FailureContext): SmsError {
  const { gateway } = context;
  const reason = context.redact(describe(error));
  const codes = errorCodes(error);
  const status = responseStatus(error);
  const details = { phase: "access-token", discardRecipient: false };
  if (codes.some((code) => code.startsWith("EPROXY"))) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_PROXY",
      `gateway '${gateway}': cannot get an access token from Google through the proxy: ${reason}; check httpsproxy`,
      { gateway, retrySafe: true, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (status !== undefined && (status === 429 || status >= 500)) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_UNAVAILABLE",
      `gateway '${gateway}': Google's token endpoint is unavailable: ${reason}; retry later`,
      { gateway, retrySafe: true, details: { ...details, status, retryLater: true }, cause: error },
    );
  }
  if (status !== undefined) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_AUTH",
      `gateway '${gateway}': Google refused the service account: ${reason}; the key may be revoked or deleted, or the server clock is off — create a new key in the Firebase console and replace the JSON config file`,
      { gateway, retrySafe: true, details: { ...details, status, retryLater: false }, cause: error },
    );
  }
  if (codes.includes("ESMSKITCLOSED")) return closedFailure(gateway, error);
  if (codes.some(isNetworkCode)) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_UNREACHABLE",
      `gateway '${gateway}': cannot reach Google's token endpoint: ${reason}; check the network, DNS and httpsproxy`,
      { gateway, retrySafe: true, details: { ...details, retryLater: true }, cause: error },
    );
  }
  return new SmsError(
    "SMSKIT_E_FIREBASE_AUTH",
    `gateway '${gateway}': cannot get an access token for the service account: ${reason}`,
    { gateway, retrySafe: true, details: { ...details, retryLater: false }, cause: error },
  );
}

/** A failure of firebase-admin's `messaging.send()`, mapped to a code that says whether to retry or discard the token. */
export function sendFailure(error: unknown, context: FailureContext): SmsError {
  const { gateway } = context;
  const code = firebaseCode(error);
  const reason = context.redact(describe(error));
  const known = code === undefined ? undefined : messagingErrors[code];
  let classification: Classification | undefined = known;
  if (code === "messaging/invalid-argument" && /registration token/i.test(reason)) {
    classification = messagingErrors["messaging/invalid-registration-token"];
  } else if (code === "messaging/third-party-auth-error" && /authentication credential|OAuth/i.test(reason)) {
    classification = messagingErrors["messaging/authentication-error"];
  } else if (code !== undefined && messageProblems.has(code)) {
    classification = {
      code: "SMSKIT_E_FIREBASE_MESSAGE_INVALID",
      what: "the message was refused",
      advice:
        "sending it again fails the same way; check the data (string values, no reserved keys) and its size",
      retrySafe: true,
      discardRecipient: false,
    };
  }
  if (classification) {
    return new SmsError(
      classification.code,
      `gateway '${gateway}': FCM refused the message: ${classification.what} (${code}: ${reason}); ${classification.advice}`,
      {
        gateway,
        retrySafe: classification.retrySafe,
        deliveryUnknown: classification.deliveryUnknown ?? false,
        details: {
          fcmError: code,
          discardRecipient: classification.discardRecipient ?? false,
          retryLater: classification.retryLater ?? false,
        },
        cause: error,
      },
    );
  }
  const codes = errorCodes(error);
  const networkCode = /Error code: ([A-Z0-9_]+)/.exec(reason)?.[1];
  if (networkCode) codes.push(networkCode);
  const details = { fcmError: code, discardRecipient: false };
  if (codes.some((item) => item.startsWith("EPROXY"))) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_PROXY",
      `gateway '${gateway}': cannot reach FCM through the proxy: ${reason}; check httpsproxy`,
      { gateway, retrySafe: true, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (codes.includes("ESMSKITCLOSED")) return closedFailure(gateway, error);
  if (codes.some((item) => notConnectedCodes.has(item) || isTlsCode(item))) {
    return new SmsError(
      "SMSKIT_E_FIREBASE_UNREACHABLE",
      `gateway '${gateway}': cannot reach FCM: ${reason}; check the network, DNS and httpsproxy`,
      { gateway, retrySafe: true, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (code === "app/network-error" || code === "app/network-timeout") {
    return new SmsError(
      "SMSKIT_E_FIREBASE_CONNECTION_LOST",
      `gateway '${gateway}': the connection to FCM broke: ${reason}; it is not known whether the message was sent`,
      {
        gateway,
        retrySafe: false,
        deliveryUnknown: true,
        details: { ...details, retryLater: false },
        cause: error,
      },
    );
  }
  if (code === "app/invalid-credential") return tokenFailure(error, context);
  return new SmsError(
    "SMSKIT_E_FIREBASE_FAILED",
    `gateway '${gateway}': FCM failed${code ? ` (${code})` : ""}: ${reason}`,
    {
      gateway,
      retrySafe: false,
      deliveryUnknown: true,
      details: { ...details, retryLater: false },
      cause: error,
    },
  );
}

/** firebase-admin could not be loaded, or refused the credentials before any request. */
export function sdkFailure(error: unknown, context: FailureContext): SmsError {
  return new SmsError(
    "SMSKIT_E_FIREBASE_SDK",
    `gateway '${context.gateway}': firebase-admin could not be started: ${context.redact(describe(error))}; reinstall @smskit/provider-firebase (it depends on firebase-admin)`,
    {
      gateway: context.gateway,
      retrySafe: true,
      details: { discardRecipient: false, retryLater: false },
      cause: error,
    },
  );
}

function closedFailure(gateway: string, error: unknown): SmsError {
  return new SmsError(
    "SMSKIT_E_CLOSED",
    `gateway '${gateway}': the gateway was closed while the message was on its way; nothing more is sent`,
    { gateway, retrySafe: false, deliveryUnknown: true, cause: error },
  );
}

/** The `code` of a firebase-admin error (`messaging/…`, `app/…`). */
function firebaseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.includes("/") ? code : undefined;
}

/** Every `code` along an error's cause chain. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** The HTTP status an error carries (a `TokenRequestError`). */
function responseStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function isNetworkCode(code: string): boolean {
  return (
    notConnectedCodes.has(code) ||
    isTlsCode(code) ||
    ["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"].includes(code)
  );
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_TLS_") ||
    code.startsWith("ERR_SSL_") ||
    code.startsWith("CERT_") ||
    code.includes("SELF_SIGNED") ||
    code.startsWith("UNABLE_TO_") ||
    code === "HOSTNAME_MISMATCH"
  );
}
