/** The error codes the Firebase provider raises, besides core's, and what each means. */
export const firebaseErrorCodes = {
  SMSKIT_E_FIREBASE_CONFIG_MISSING:
    "The JSON config file does not exist (or a folder on its path does not). Nothing was sent; retry is safe once the file is in place.",
  SMSKIT_E_FIREBASE_CONFIG_UNREADABLE:
    "The JSON config file exists but is not read: no permission, a folder, not a regular file (a device, FIFO or socket), or larger than 1 MiB. Nothing was sent.",
  SMSKIT_E_FIREBASE_CONFIG_NOT_JSON: "The JSON config file is not valid JSON. Nothing was sent.",
  SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT:
    'The JSON config file is JSON but not a service-account key (no "type": "service_account"), e.g. a google-services.json or a user credential; the file\'s own values are not repeated. Nothing was sent.',
  SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE:
    "The service-account file lacks project_id, client_email or private_key, or its private key cannot be parsed. Nothing was sent.",
  SMSKIT_E_FIREBASE_PROJECT_MISMATCH:
    "The projectid parameter differs from the service-account file's project_id: phones would register with one project while messages are sent through another.",
  SMSKIT_E_FIREBASE_PROXY_INVALID: "The httpsproxy parameter is not an http:// or https:// proxy URL.",
  SMSKIT_E_FIREBASE_SDK:
    "The firebase-admin SDK could not be loaded or refused the credentials (reinstall @smskit/provider-firebase). Nothing was sent.",
  SMSKIT_E_FIREBASE_AUTH:
    "Google refused the service account (revoked or deleted key, wrong project, server clock off) or the access token. Nothing was delivered; retry is safe but fails until the credentials are fixed.",
  SMSKIT_E_FIREBASE_PROXY:
    "The HTTPS proxy could not be reached or refused the tunnel to Google. Nothing was sent; retry is safe.",
  SMSKIT_E_FIREBASE_UNREACHABLE:
    "Google's endpoint could not be reached (DNS, connection refused, TLS failure). Nothing was sent; retry is safe.",
  SMSKIT_E_FIREBASE_CONNECTION_LOST:
    "The connection to FCM broke or timed out after the message was sent; it is not known whether FCM accepted it.",
  SMSKIT_E_FIREBASE_TOKEN_INVALID:
    "FCM says the recipient is not a valid registration token. Nothing was delivered; discard the token (details.discardRecipient).",
  SMSKIT_E_FIREBASE_TOKEN_UNREGISTERED:
    "FCM says the registration token is no longer registered (app uninstalled, token replaced). Nothing was delivered; discard the token (details.discardRecipient).",
  SMSKIT_E_FIREBASE_SENDER_MISMATCH:
    "The token belongs to another Firebase project than the service account (SENDER_ID_MISMATCH). Nothing was delivered; usually the gateway's JSON config file is for the wrong project, so the token is kept.",
  SMSKIT_E_FIREBASE_MESSAGE_INVALID:
    "FCM refused the message itself (too large, a reserved data key, an invalid field). Nothing was delivered; sending it again fails the same way.",
  SMSKIT_E_FIREBASE_QUOTA:
    "FCM's sending quota for the project or the device is exhausted (QUOTA_EXCEEDED). Nothing was delivered; retry later (details.retryLater).",
  SMSKIT_E_FIREBASE_UNAVAILABLE:
    "FCM or Google's token endpoint is temporarily unavailable (503). Nothing was delivered; retry later (details.retryLater).",
  SMSKIT_E_FIREBASE_INTERNAL:
    "FCM answered with an internal error (500); it is not known whether the message was accepted.",
  SMSKIT_E_FIREBASE_THIRD_PARTY_AUTH:
    "FCM could not authenticate to APNs or Web Push for this token (THIRD_PARTY_AUTH_ERROR): the APNs key or certificate in the Firebase console is missing or expired. Nothing was delivered.",
  SMSKIT_E_FIREBASE_FAILED:
    "FCM failed in a way the provider does not classify; the message says what it answered.",
} as const;

/** A code of the Firebase provider. */
export type FirebaseErrorCode = keyof typeof firebaseErrorCodes;
