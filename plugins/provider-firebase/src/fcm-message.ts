import type { OutgoingMessage } from "@smskit/provider";
import type { TokenMessage } from "firebase-admin/messaging";

/** Seconds FCM and APNs keep trying to deliver a push before dropping it (an authentication challenge goes stale fast). */
export const pushTimeToLiveSeconds = 120;

/** The APNs collapse id: a newer challenge replaces an older one still shown (privacyIDEA's value). */
export const apnsCollapseId = "privacyidea.pushtoken";

/** The APNs category the privacyIDEA Authenticator app attaches its Allow/Deny actions to. */
export const apnsCategory = "PUSH_AUTHENTICATION";

/**
 * The FCM v1 message for one push: to the device's registration token, the data as given
 * (string values), a notification with the title and the text as body, Android priority high
 * with a short TTL, and APNs priority 10 as an alert with a collapse id and the same expiry.
 */
export function buildFcmMessage(message: OutgoingMessage, nowMs: number): TokenMessage {
  const alert = {
    ...(message.title === undefined ? {} : { title: message.title }),
    ...(message.text === "" ? {} : { body: message.text }),
  };
  return {
    token: message.to,
    ...(message.data === undefined ? {} : { data: { ...message.data } }),
    notification: alert,
    android: { priority: "high", ttl: pushTimeToLiveSeconds * 1000 },
    apns: {
      headers: {
        "apns-priority": "10",
        "apns-push-type": "alert",
        "apns-collapse-id": apnsCollapseId,
        "apns-expiration": String(Math.floor(nowMs / 1000) + pushTimeToLiveSeconds),
      },
      payload: { aps: { alert, sound: "default", category: apnsCategory } },
    },
  };
}
