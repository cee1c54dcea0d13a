import { defineConfigurationError, defineSendError, errorCatalogue, errorMeanings } from "@smskit/provider";

/**
 * A problem with the JSON config file, found at a send (an `SmsError`: nothing was sent); a
 * gateway check reports the same code as a `ConfigurationError` naming the parameter.
 */
const configFile = <const Code extends `SMSKIT_E_FIREBASE_CONFIG_${string}`>(code: Code, meaning: string) =>
  defineSendError(code, "gateway '%{gateway}': %{key}: %{problem}", { meaning, retrySafe: true });

/** A parameter that contradicts the JSON config file or is malformed. */
const parameter = <const Code extends `SMSKIT_E_FIREBASE_${string}`>(code: Code, meaning: string) =>
  defineConfigurationError(code, "gateway '%{gateway}': parameter %{key} %{problem}", { meaning });

/** An FCM refusal (what FCM said and what to do about it), or Google's refusal of the credentials. */
export const refusalTemplate = "gateway '%{gateway}': %{problem}";
("gateway '%{gateway}': FCM refused the message: %{what} (%{fcmError}: %{reason}); %{advice}");

/** The error codes the Firebase provider raises, besides core's, each defined once. */
export const firebaseErrors = errorCatalogue(
  configFile(
    "SMSKIT_E_FIREBASE_CONFIG_MISSING",
    "The JSON config file does not exist (or a folder on its path does not). Nothing was sent; retry is safe once the file is in place.",
  ),
  configFile(
    "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
    "The JSON config file exists but is not read: no permission, a folder, not a regular file (a device, FIFO or socket), or larger than 1 MiB. Nothing was sent.",
  ),
  configFile(
    "SMSKIT_E_FIREBASE_CONFIG_NOT_JSON",
    "The JSON config file is not valid JSON. Nothing was sent.",
  ),
  configFile(
    "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
    'The JSON config file is JSON but not a service-account key (no "type": "service_account"), e.g. a google-services.json or a user credential; the file\'s own values are not repeated. Nothing was sent.',
  ),
  configFile(
    "SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE",
    "The service-account file lacks project_id, client_email or private_key, or its private key cannot be parsed. Nothing was sent.",
  ),
  parameter(
    "SMSKIT_E_FIREBASE_PROJECT_MISMATCH",
    "The projectid parameter differs from the service-account file's project_id: phones would register with one project while messages are sent through another.",
  ),
  parameter(
    "SMSKIT_E_FIREBASE_PROXY_INVALID",
    "The httpsproxy parameter is not an http:// or https:// proxy URL.",
  ),
  defineSendError(
    "SMSKIT_E_FIREBASE_SDK",
    "gateway '%{gateway}': firebase-admin could not be started: %{reason}; reinstall @smskit/provider-firebase (it depends on firebase-admin)",
    {
      meaning:
        "The firebase-admin SDK could not be loaded or refused the credentials (reinstall @smskit/provider-firebase). Nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError("SMSKIT_E_FIREBASE_AUTH", refusalTemplate, {
    meaning:
      "Google refused the service account (revoked or deleted key, wrong project, server clock off) or the access token. Nothing was delivered; retry is safe but fails until the credentials are fixed.",
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_FIREBASE_PROXY",
    "gateway '%{gateway}': cannot %{what} through the proxy: %{reason}; check httpsproxy",
    {
      meaning:
        "The HTTPS proxy could not be reached or refused the tunnel to Google. Nothing was sent; retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_FIREBASE_UNREACHABLE",
    "gateway '%{gateway}': cannot reach %{what}: %{reason}; check the network, DNS and httpsproxy",
    {
      meaning:
        "Google's endpoint could not be reached (DNS, connection refused, TLS failure). Nothing was sent; retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_FIREBASE_CONNECTION_LOST",
    "gateway '%{gateway}': the connection to FCM broke: %{reason}; it is not known whether the message was sent",
    {
      meaning:
        "The connection to FCM broke or timed out after the message was sent; it is not known whether FCM accepted it.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_FIREBASE_CLOSED",
    "gateway '%{gateway}': the gateway was closed while the message was on its way; nothing more is sent",
    {
      meaning:
        "The gateway was closed (retired or shut down) while the message was on its way to FCM; it is not known whether FCM accepted it.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError("SMSKIT_E_FIREBASE_TOKEN_INVALID", refusalTemplate, {
    meaning:
      "FCM says the recipient is not a valid registration token. Nothing was delivered; discard the token (details.discardRecipient).",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_TOKEN_UNREGISTERED", refusalTemplate, {
    meaning:
      "FCM says the registration token is no longer registered (app uninstalled, token replaced). Nothing was delivered; discard the token (details.discardRecipient).",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_SENDER_MISMATCH", refusalTemplate, {
    meaning:
      "The token belongs to another Firebase project than the service account (SENDER_ID_MISMATCH). Nothing was delivered; usually the gateway's JSON config file is for the wrong project, so the token is kept.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_MESSAGE_INVALID", refusalTemplate, {
    meaning:
      "FCM refused the message itself (too large, a reserved data key, an invalid field). Nothing was delivered; sending it again fails the same way.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_QUOTA", refusalTemplate, {
    meaning:
      "FCM's sending quota for the project or the device is exhausted (QUOTA_EXCEEDED). Nothing was delivered; retry later (details.retryLater).",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_UNAVAILABLE", refusalTemplate, {
    meaning:
      "FCM or Google's token endpoint is temporarily unavailable (503). Nothing was delivered; retry later (details.retryLater).",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_INTERNAL", refusalTemplate, {
    meaning: "FCM answered with an internal error (500); it is not known whether the message was accepted.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_THIRD_PARTY_AUTH", refusalTemplate, {
    meaning:
      "FCM could not authenticate to APNs or Web Push for this token (THIRD_PARTY_AUTH_ERROR): the APNs key or certificate in the Firebase console is missing or expired. Nothing was delivered.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_FIREBASE_FAILED", "gateway '%{gateway}': FCM failed%{fcmError}: %{reason}", {
    meaning:
      "FCM failed in a way the provider does not classify; the message says what it answered. It is not known whether the message was sent.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
);

/** The error codes the Firebase provider raises, besides core's, and what each means. */
export const firebaseErrorCodes = errorMeanings(firebaseErrors);

/** A code of the Firebase provider. */
export type FirebaseErrorCode = keyof typeof firebaseErrors;

/** A code of a problem with the JSON config file. */
export type FirebaseConfigFileCode = Extract<FirebaseErrorCode, `SMSKIT_E_FIREBASE_CONFIG_${string}`>;

/** A code of a problem with the gateway's configuration (the JSON config file, projectid, httpsproxy). */
export type FirebaseConfigurationCode =
  | FirebaseConfigFileCode
  | "SMSKIT_E_FIREBASE_PROJECT_MISMATCH"
  | "SMSKIT_E_FIREBASE_PROXY_INVALID";

/** The codes an FCM refusal is reported with (their template is `refusalTemplate`). */
export type RefusalCode = {
  [Code in FirebaseErrorCode]: (typeof firebaseErrors)[Code]["template"] extends typeof refusalTemplate
    ? Code
    : never;
}[FirebaseErrorCode];
