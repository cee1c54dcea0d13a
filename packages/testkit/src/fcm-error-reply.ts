import type { FcmErrorCode, FcmReply } from "./fcm-types.js";

/**
 * The answer FCM gives for one of its error codes: the HTTP status and the JSON error body with
 * a `google.firebase.fcm.v1.FcmError` detail, as the real service sends them.
 */
export function fcmErrorReply(
  code: FcmErrorCode,
  options: { message?: string; retryAfterSeconds?: number } = {},
): FcmReply {
  const { status, canonical, message } = fcmErrors[code];
  return {
    status,
    headers:
      options.retryAfterSeconds === undefined ? {} : { "retry-after": String(options.retryAfterSeconds) },
    body: {
      error: {
        code: status,
        message: options.message ?? message,
        status: canonical,
        details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: code }],
      },
    },
  };
}

/** HTTP status, canonical status and message of each FCM error, as documented by Firebase. */
const fcmErrors: Record<FcmErrorCode, { status: number; canonical: string; message: string }> = {
  UNSPECIFIED_ERROR: { status: 500, canonical: "UNKNOWN", message: "Unknown error." },
  INVALID_ARGUMENT: {
    status: 400,
    canonical: "INVALID_ARGUMENT",
    message: "The registration token is not a valid FCM registration token",
  },
  UNREGISTERED: { status: 404, canonical: "NOT_FOUND", message: "Requested entity was not found." },
  SENDER_ID_MISMATCH: { status: 403, canonical: "PERMISSION_DENIED", message: "SenderId mismatch" },
  QUOTA_EXCEEDED: {
    status: 429,
    canonical: "RESOURCE_EXHAUSTED",
    message: "Quota exceeded for quota metric 'Send requests' and limit 'Send requests per minute'.",
  },
  UNAVAILABLE: { status: 503, canonical: "UNAVAILABLE", message: "The service is currently unavailable." },
  INTERNAL: { status: 500, canonical: "INTERNAL", message: "Internal error encountered." },
  THIRD_PARTY_AUTH_ERROR: {
    status: 401,
    canonical: "UNAUTHENTICATED",
    message: "Auth error from APNS or Web Push Service",
  },
};
