import { utimes, writeFile } from "node:fs/promises";
import { createSmskit } from "@smskit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deviceToken, type FirebaseHarness, startFirebaseHarness } from "./firebase-harness.js";

let harness: FirebaseHarness;

beforeEach(async () => {
  harness = await startFirebaseHarness();
});

afterEach(async () => {
  await harness.close();
});

describe("sending through the real firebase-admin SDK to the loopback FCM fake", () => {
  it("sends the data message with notification, Android and APNs settings, authorised by the token the fake issued", async () => {
    const { path, account } = await harness.writeServiceAccount({ projectId: "pi-push-1" });
    const smskit = await harness.smskit({ "JSON config file": path });
    const before = Math.floor(Date.now() / 1000);

    const result = await smskit.send("push", deviceToken, {
      text: "Do you want to log in to privacyIDEA?",
      title: "privacyIDEA",
      data: { nonce: "8a3f", serial: "PIPU0001", question: 'Log in? "yes" & <no> ✓', sslverify: "1" },
    });

    const { fake } = harness;
    expect(fake.tokenRequests).toHaveLength(1);
    const tokenRequest = fake.tokenRequests[0];
    expect(tokenRequest?.grantType).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(tokenRequest?.clientEmail).toBe(account.client_email);
    expect(tokenRequest?.signatureValid).toBe(true);
    expect(tokenRequest?.header).toMatchObject({ alg: "RS256" });
    expect(tokenRequest?.claims?.aud).toBe("https://oauth2.googleapis.com/token");
    expect(tokenRequest?.scopes).toContain("https://www.googleapis.com/auth/firebase.messaging");

    expect(fake.sendRequests).toHaveLength(1);
    const sent = fake.sendRequests[0];
    expect(sent?.projectId).toBe("pi-push-1");
    expect(sent?.httpVersion).toBe("1.1");
    expect(sent?.accessToken).toBe(fake.issuedTokens[0]);
    expect(sent?.authorized).toBe(true);
    const expiration = Number(
      (sent?.json as { message: { apns: { headers: Record<string, string> } } }).message.apns.headers[
        "apns-expiration"
      ],
    );
    expect(expiration).toBeGreaterThanOrEqual(before + 120);
    expect(expiration).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 120);
    expect(sent?.json).toEqual({
      message: {
        token: deviceToken,
        data: { nonce: "8a3f", serial: "PIPU0001", question: 'Log in? "yes" & <no> ✓', sslverify: "1" },
        notification: { title: "privacyIDEA", body: "Do you want to log in to privacyIDEA?" },
        android: { priority: "high", ttl: "120s" },
        apns: {
          headers: {
            "apns-priority": "10",
            "apns-push-type": "alert",
            "apns-collapse-id": "privacyidea.pushtoken",
            "apns-expiration": String(expiration),
          },
          payload: {
            aps: {
              alert: { title: "privacyIDEA", body: "Do you want to log in to privacyIDEA?" },
              sound: "default",
              category: "PUSH_AUTHENTICATION",
            },
          },
        },
      },
    });

    expect(result.messageId).toMatch(/^projects\/pi-push-1\/messages\//);
    expect(result.details).toEqual({ projectId: "pi-push-1" });
    expect(result.to).toBe(deviceToken);
  });

  it("reuses the access token: two sends, one token request, the same bearer on both", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });

    await smskit.send("push", deviceToken, "first");
    await smskit.send("push", deviceToken, "second");

    const { fake } = harness;
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.sendRequests).toHaveLength(2);
    expect(fake.sendRequests.map((request) => request.accessToken)).toEqual([
      fake.issuedTokens[0],
      fake.issuedTokens[0],
    ]);
  });

  it("fetches one token for concurrent first sends", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });

    await Promise.all(["a", "b", "c", "d"].map((text) => smskit.send("push", deviceToken, text)));

    expect(harness.fake.tokenRequests).toHaveLength(1);
    expect(harness.fake.sendRequests).toHaveLength(4);
  });

  it("shares one firebase-admin app, and so one token, between gateways using the same file", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await createSmskit({ providers: [harness.manifest] });
    try {
      await smskit.saveGateway({
        name: "push-a",
        provider: "firebase",
        parameters: { "JSON config file": path },
      });
      await smskit.saveGateway({
        name: "push-b",
        provider: "firebase",
        parameters: { "JSON config file": path },
      });
      await smskit.send("push-a", deviceToken, "one");
      await smskit.send("push-b", deviceToken, "two");
    } finally {
      await smskit.close();
    }
    expect(harness.fake.tokenRequests).toHaveLength(1);
    expect(harness.fake.sendRequests).toHaveLength(2);
  });

  it("picks up a replaced key file at the next send: a new app with its own token", async () => {
    const { path } = await harness.writeServiceAccount({ name: "key.json" });
    const smskit = await harness.smskit({ "JSON config file": path });
    await smskit.send("push", deviceToken, "with the old key");

    const replacement = harness.fake.serviceAccount({ projectId: "smskit-push" });
    await writeFile(path, JSON.stringify(replacement));
    const later = new Date(Date.now() + 5000);
    await utimes(path, later, later);
    await smskit.send("push", deviceToken, "with the new key");
    await smskit.send("push", deviceToken, "again with the new key");

    const { fake } = harness;
    expect(fake.tokenRequests.map((request) => request.clientEmail)).toEqual([
      fake.tokenRequests[0]?.clientEmail,
      replacement.client_email,
    ]);
    expect(fake.sendRequests.map((request) => request.accessToken)).toEqual([
      fake.issuedTokens[0],
      fake.issuedTokens[1],
      fake.issuedTokens[1],
    ]);
  });

  it("sends a push without title or data as a notification with the text only", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });

    await smskit.send("push", deviceToken, "Your code is 123456");

    const message = (harness.fake.sendRequests[0]?.json as { message: Record<string, unknown> }).message;
    expect(message.data).toBeUndefined();
    expect(message.notification).toEqual({ body: "Your code is 123456" });
    expect(message.apns).toMatchObject({ payload: { aps: { alert: { body: "Your code is 123456" } } } });
  });

  it("checks a gateway by getting an access token, which the next send reuses", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });

    await smskit.checkGateway("push");
    expect(harness.fake.tokenRequests).toHaveLength(1);
    expect(harness.fake.sendRequests).toHaveLength(0);

    await smskit.send("push", deviceToken, "after the check");
    expect(harness.fake.tokenRequests).toHaveLength(1);
  });

  it("closes every connection to Google when smskit closes", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    await smskit.send("push", deviceToken, "keep-alive");
    expect(harness.fake.openConnections).toBeGreaterThan(0);

    await smskit.close();

    await expect.poll(() => harness.fake.openConnections, { timeout: 2000 }).toBe(0);
  });
});

describe("access-token lifetime", () => {
  it("keeps a token with a few minutes left, even inside firebase-admin's 5-minute refresh margin", async () => {
    const fourMinutes = await startFirebaseHarness({ tokenLifetimeSeconds: 240 });
    try {
      const { path } = await fourMinutes.writeServiceAccount();
      const smskit = await fourMinutes.smskit({ "JSON config file": path });
      await smskit.send("push", deviceToken, "one");
      await smskit.send("push", deviceToken, "two");
      expect(fourMinutes.fake.tokenRequests).toHaveLength(1);
    } finally {
      await fourMinutes.close();
    }
  });

  it("fetches a new token once the cached one is close to expiring", async () => {
    const shortLived = await startFirebaseHarness({ tokenLifetimeSeconds: 3 });
    try {
      const { path } = await shortLived.writeServiceAccount();
      const smskit = await shortLived.smskit({ "JSON config file": path });
      await smskit.send("push", deviceToken, "one");
      await new Promise((resolve) => setTimeout(resolve, 1700));
      await smskit.send("push", deviceToken, "two");
      expect(shortLived.fake.tokenRequests).toHaveLength(2);
      expect(shortLived.fake.sendRequests.map((request) => request.accessToken)).toEqual(
        shortLived.fake.issuedTokens,
      );
      expect(new Set(shortLived.fake.issuedTokens).size).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
