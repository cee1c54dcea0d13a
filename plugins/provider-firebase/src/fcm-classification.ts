import type { RefusalCode } from "./error-codes.js";

/** How one FCM error is reported. */
export interface Classification {
  /** The code; its definition says whether a retry is safe. */
  readonly code: RefusalCode;
  /** What happened, for a person. */
  readonly what: string;
  /** What to do about it. */
  readonly advice: string;
  readonly discardRecipient?: boolean;
  readonly retryLater?: boolean;
}

/** firebase-admin's messaging error codes and what they mean for the caller. */
export const messagingErrors: Record<string, Classification> = {
  "messaging/registration-token-not-registered": {
    code: "SMSKIT_E_FIREBASE_TOKEN_UNREGISTERED",
    what: "the device token is no longer registered",
    advice: "discard it; the app was uninstalled or got a new token, so the device must enrol again",
    discardRecipient: true,
  },
  "messaging/invalid-registration-token": {
    code: "SMSKIT_E_FIREBASE_TOKEN_INVALID",
    what: "the recipient is not a valid registration token",
    advice: "discard it; check the token was stored completely",
    discardRecipient: true,
  },
  "messaging/invalid-recipient": {
    code: "SMSKIT_E_FIREBASE_TOKEN_INVALID",
    what: "the recipient is not a valid registration token",
    advice: "discard it; check the token was stored completely",
    discardRecipient: true,
  },
  "messaging/mismatched-credential": {
    code: "SMSKIT_E_FIREBASE_SENDER_MISMATCH",
    what: "the device token belongs to another Firebase project than the service account",
    advice:
      "check that the JSON config file is the key of the project the app registers with (projectid, projectnumber); the token is kept",
    discardRecipient: false,
  },
  "messaging/message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "the sending quota is exhausted",
    advice: "retry later, with back-off",
    retryLater: true,
  },
  "messaging/device-message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "too many messages went to this device",
    advice: "retry later, with back-off",
    retryLater: true,
  },
  "messaging/topics-message-rate-exceeded": {
    code: "SMSKIT_E_FIREBASE_QUOTA",
    what: "the sending quota is exhausted",
    advice: "retry later, with back-off",
    retryLater: true,
  },
  "messaging/server-unavailable": {
    code: "SMSKIT_E_FIREBASE_UNAVAILABLE",
    what: "FCM is temporarily unavailable",
    advice: "retry later, with back-off",
    retryLater: true,
  },
  "messaging/internal-error": {
    code: "SMSKIT_E_FIREBASE_INTERNAL",
    what: "FCM had an internal error",
    advice: "it is not known whether the message was accepted; FCM asks to retry with back-off",
    retryLater: true,
  },
  "messaging/third-party-auth-error": {
    code: "SMSKIT_E_FIREBASE_THIRD_PARTY_AUTH",
    what: "FCM could not authenticate to APNs or Web Push for this device",
    advice:
      "upload a valid APNs authentication key in the Firebase console (Project settings → Cloud Messaging)",
    discardRecipient: false,
  },
  "messaging/authentication-error": {
    code: "SMSKIT_E_FIREBASE_AUTH",
    what: "FCM refused the service account's access token",
    advice:
      "check the service account may send with FCM (role Firebase Cloud Messaging API Admin) and that the Cloud Messaging API is enabled",
  },
};

/** firebase-admin codes of a message FCM refuses as such. */
export const messageProblems = new Set([
  "messaging/invalid-argument",
  "messaging/invalid-payload",
  "messaging/invalid-data-payload-key",
  "messaging/payload-size-limit-exceeded",
  "messaging/invalid-options",
  "messaging/invalid-package-name",
]);

/** Network error codes that mean the request never left: nothing can have been delivered. */
export const notConnectedCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENETDOWN",
]);

/** The `code` of a firebase-admin error (`messaging/…`, `app/…`). */
export function firebaseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.includes("/") ? code : undefined;
}

/** Every `code` along an error's cause chain. */
export function errorCodes(error: unknown): string[] {
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
export function responseStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

export function isNetworkCode(code: string): boolean {
  return (
    notConnectedCodes.has(code) ||
    isTlsCode(code) ||
    ["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"].includes(code)
  );
}

export function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_TLS_") ||
    code.startsWith("ERR_SSL_") ||
    code.startsWith("CERT_") ||
    code.includes("SELF_SIGNED") ||
    code.startsWith("UNABLE_TO_") ||
    code === "HOSTNAME_MISMATCH"
  );
}
