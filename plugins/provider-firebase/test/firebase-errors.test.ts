import { generateKeyPairSync } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SmsError } from "@smskit/core";
import { type FcmErrorCode, fcmErrorReply } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deviceToken, type FirebaseHarness, rejectionOf, startFirebaseHarness } from "./firebase-harness.js";

let harness: FirebaseHarness;

beforeEach(async () => {
  harness = await startFirebaseHarness();
});

afterEach(async () => {
  await harness.close();
});

/** Each FCM error answer and what the send must reject with. */
const fcmAnswers: ReadonlyArray<{
  fcm: FcmErrorCode;
  message?: string;
  code: string;
  retrySafe: boolean;
  deliveryUnknown: boolean;
  discardRecipient: boolean;
  retryLater: boolean;
}> = [
  {
    fcm: "UNREGISTERED",
    code: "SMSKIT_E_FIREBASE_TOKEN_UNREGISTERED",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: true,
    retryLater: false,
  },
  {
    fcm: "INVALID_ARGUMENT",
    code: "SMSKIT_E_FIREBASE_TOKEN_INVALID",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: true,
    retryLater: false,
  },
  {
    fcm: "INVALID_ARGUMENT",
    message: "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
    code: "SMSKIT_E_FIREBASE_MESSAGE_INVALID",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: false,
    retryLater: false,
  },
  {
    fcm: "SENDER_ID_MISMATCH",
    code: "SMSKIT_E_FIREBASE_SENDER_MISMATCH",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: false,
    retryLater: false,
  },
  {
    fcm: "QUOTA_EXCEEDED",
    code: "SMSKIT_E_FIREBASE_QUOTA",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: false,
    retryLater: true,
  },
  {
    fcm: "UNAVAILABLE",
    code: "SMSKIT_E_FIREBASE_UNAVAILABLE",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: false,
    retryLater: true,
  },
  {
    fcm: "INTERNAL",
    code: "SMSKIT_E_FIREBASE_INTERNAL",
    retrySafe: false,
    deliveryUnknown: true,
    discardRecipient: false,
    retryLater: true,
  },
  {
    fcm: "THIRD_PARTY_AUTH_ERROR",
    code: "SMSKIT_E_FIREBASE_THIRD_PARTY_AUTH",
    retrySafe: true,
    deliveryUnknown: false,
    discardRecipient: false,
    retryLater: false,
  },
];

describe("FCM's error answers map to codes that say whether to retry and whether to discard the token", () => {
  it.each(fcmAnswers)("$fcm $message → $code", async (expected) => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    // A Retry-After beyond firebase-admin's 60 s limit stops its own retries of a 503.
    harness.fake.respondToSend(
      fcmErrorReply(expected.fcm, {
        retryAfterSeconds: 120,
        ...(expected.message ? { message: expected.message } : {}),
      }),
    );

    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({
      code: expected.code,
      gateway: "push",
      provider: "firebase",
      retrySafe: expected.retrySafe,
      deliveryUnknown: expected.deliveryUnknown,
      details: expect.objectContaining({
        discardRecipient: expected.discardRecipient,
        retryLater: expected.retryLater,
      }),
    });
    expect(error.message).toContain("gateway 'push'");
    expect(Object.keys(harness.manifest.errorCodes ?? {})).toContain(expected.code);
    expect(harness.fake.sendRequests).toHaveLength(1);
  });

  it("reports a refused access token (401 without an FCM error) as an authentication problem", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    harness.fake.respondToSend({
      status: 401,
      body: {
        error: {
          code: 401,
          message: "Request had invalid authentication credentials. Expected OAuth 2 access token.",
          status: "UNAUTHENTICATED",
        },
      },
    });

    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

    expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_AUTH", retrySafe: true });
  });

  it("lets firebase-admin retry a 503 without Retry-After once, then delivers", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    let answered = 0;
    harness.fake.respondToSend(() =>
      ++answered === 1 ? fcmErrorReply("UNAVAILABLE") : { body: { name: "m/1" } },
    );

    const result = await smskit.send("push", deviceToken, "challenge");

    expect(result.messageId).toBe("m/1");
    expect(harness.fake.sendRequests).toHaveLength(2);
  });
});

describe("token endpoint failures: nothing was sent to FCM, so a retry is always safe", () => {
  it("reports an account Google does not know (invalid_grant) as an authentication problem", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const path = join(harness.directory, "deleted-account.json");
    await writeFile(
      path,
      JSON.stringify({
        type: "service_account",
        project_id: "smskit-push",
        private_key_id: "0123",
        private_key: privateKey,
        client_email: "deleted@smskit-push.iam.gserviceaccount.com",
      }),
    );
    const smskit = await harness.smskit({ "JSON config file": path });

    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

    expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_AUTH", retrySafe: true, deliveryUnknown: false });
    expect(error.message).toMatch(/invalid_grant: Invalid grant: account not found/);
    expect(error.message).not.toContain(privateKey.split("\n")[1]);
    expect(harness.fake.sendRequests).toHaveLength(0);
  });

  it("reports a signature Google cannot verify (revoked key) as an authentication problem", async () => {
    const { path, account } = await harness.writeServiceAccount();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    harness.fake.trustKey(account.client_email, other.publicKey);
    const smskit = await harness.smskit({ "JSON config file": path });

    const error = await rejectionOf(smskit.checkGateway("push"));

    expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_AUTH", retrySafe: true });
    expect(error.message).toMatch(/Invalid JWT Signature/);
  });

  it("reports an unavailable token endpoint as retry-later", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    harness.fake.respondToToken({ status: 503, body: { error: "temporarily_unavailable" } });

    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

    expect(error).toMatchObject({
      code: "SMSKIT_E_FIREBASE_UNAVAILABLE",
      retrySafe: true,
      details: expect.objectContaining({ retryLater: true }),
    });
  });
});
