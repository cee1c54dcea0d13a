import type { SmsError } from "@smskit/provider";
import { firebaseErrors } from "./error-codes.js";
import {
  type Classification,
  describe,
  errorCodes,
  firebaseCode,
  isNetworkCode,
  isTlsCode,
  messageProblems,
  messagingErrors,
  notConnectedCodes,
  responseStatus,
} from "./fcm-classification.js";

/** What the mapping needs from the gateway. */
export interface FailureContext {
  readonly gateway: string;
  /** Replaces the gateway's secrets in outside text. */
  readonly redact: (text: string) => string;
}

/** A failure while getting an access token: nothing was sent to FCM yet, so a retry is always safe. */
export function tokenFailure(error: unknown, context: FailureContext): SmsError {
  const { gateway } = context;
  const reason = context.redact(describe(error));
  const codes = errorCodes(error);
  const status = responseStatus(error);
  const details = { phase: "access-token", discardRecipient: false };
  if (codes.some((code) => code.startsWith("EPROXY"))) {
    return firebaseErrors.SMSKIT_E_FIREBASE_PROXY.create(
      { gateway, what: "get an access token from Google", reason },
      { gateway, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (status !== undefined && (status === 429 || status >= 500)) {
    return firebaseErrors.SMSKIT_E_FIREBASE_UNAVAILABLE.create(
      { gateway, problem: `Google's token endpoint is unavailable: ${reason}; retry later` },
      { gateway, details: { ...details, status, retryLater: true }, cause: error },
    );
  }
  if (status !== undefined) {
    return firebaseErrors.SMSKIT_E_FIREBASE_AUTH.create(
      {
        gateway,
        problem: `Google refused the service account: ${reason}; the key may be revoked or deleted, or the server clock is off — create a new key in the Firebase console and replace the JSON config file`,
      },
      { gateway, details: { ...details, status, retryLater: false }, cause: error },
    );
  }
  if (codes.includes("ESMSKITCLOSED")) return closedFailure(gateway, error);
  if (codes.some(isNetworkCode)) {
    return firebaseErrors.SMSKIT_E_FIREBASE_UNREACHABLE.create(
      { gateway, what: "Google's token endpoint", reason },
      { gateway, details: { ...details, retryLater: true }, cause: error },
    );
  }
  return firebaseErrors.SMSKIT_E_FIREBASE_AUTH.create(
    { gateway, problem: `cannot get an access token for the service account: ${reason}` },
    { gateway, details: { ...details, retryLater: false }, cause: error },
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
      discardRecipient: false,
    };
  }
  if (classification) {
    return firebaseErrors[classification.code].create(
      {
        gateway,
        problem: `FCM refused the message: ${classification.what} (${code}: ${reason}); ${classification.advice}`,
      },
      {
        gateway,
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
    return firebaseErrors.SMSKIT_E_FIREBASE_PROXY.create(
      { gateway, what: "reach FCM", reason },
      { gateway, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (codes.includes("ESMSKITCLOSED")) return closedFailure(gateway, error);
  if (codes.some((item) => notConnectedCodes.has(item) || isTlsCode(item))) {
    return firebaseErrors.SMSKIT_E_FIREBASE_UNREACHABLE.create(
      { gateway, what: "FCM", reason },
      { gateway, details: { ...details, retryLater: true }, cause: error },
    );
  }
  if (code === "app/network-error" || code === "app/network-timeout") {
    return firebaseErrors.SMSKIT_E_FIREBASE_CONNECTION_LOST.create(
      { gateway, reason },
      { gateway, details: { ...details, retryLater: false }, cause: error },
    );
  }
  if (code === "app/invalid-credential") return tokenFailure(error, context);
  return firebaseErrors.SMSKIT_E_FIREBASE_FAILED.create(
    { gateway, fcmError: code ? ` (${code})` : "", reason },
    { gateway, details: { ...details, retryLater: false }, cause: error },
  );
}

/** firebase-admin could not be loaded, or refused the credentials before any request. */
export function sdkFailure(error: unknown, context: FailureContext): SmsError {
  return firebaseErrors.SMSKIT_E_FIREBASE_SDK.create(
    { gateway: context.gateway, reason: context.redact(describe(error)) },
    { gateway: context.gateway, details: { discardRecipient: false, retryLater: false }, cause: error },
  );
}

function closedFailure(gateway: string, error: unknown): SmsError {
  // Unlike core's SMSKIT_E_CLOSED (nothing sent), the message may already have reached FCM.
  return firebaseErrors.SMSKIT_E_FIREBASE_CLOSED.create({ gateway }, { gateway, cause: error });
}
