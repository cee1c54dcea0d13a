import { createSmskit } from "@smskit/core";
import { fcmErrorReply, startForwardProxy } from "@smskit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  closedPort,
  deviceToken,
  type FirebaseHarness,
  redirectedProvider,
  rejectionOf,
  startFirebaseHarness,
} from "./firebase-harness.js";

let harness: FirebaseHarness;

beforeEach(async () => {
  harness = await startFirebaseHarness();
});

afterEach(async () => {
  await harness.close();
});

describe("network failures", () => {
  it("reports Google unreachable (connection refused) as safe to retry", async () => {
    const port = await closedPort();
    const manifest = redirectedProvider(() => ({
      ca: harness.fake.ca,
      route: () => ({ host: "127.0.0.1", port }),
    }));
    const { path } = await harness.writeServiceAccount();
    const smskit = await createSmskit({ providers: [manifest] });
    try {
      await smskit.saveGateway({
        name: "push",
        provider: "firebase",
        parameters: { "JSON config file": path },
      });
      const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));
      expect(error).toMatchObject({
        code: "SMSKIT_E_FIREBASE_UNREACHABLE",
        retrySafe: true,
        gateway: "push",
      });
      expect(error.message).toMatch(/ECONNREFUSED/);
    } finally {
      await smskit.close();
    }
  });

  it("refuses a server whose certificate is not trusted", async () => {
    const manifest = redirectedProvider(() => ({ ca: "", route: harness.fake.route }));
    const { path } = await harness.writeServiceAccount();
    const smskit = await createSmskit({ providers: [manifest] });
    try {
      await smskit.saveGateway({
        name: "push",
        provider: "firebase",
        parameters: { "JSON config file": path },
      });
      const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));
      expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_UNREACHABLE", retrySafe: true });
      expect(harness.fake.tokenRequests).toHaveLength(0);
    } finally {
      await smskit.close();
    }
  });
});

describe("deadlines", () => {
  it("gives up on an FCM endpoint that never answers within the deadline", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    harness.fake.respondToSend({ hang: true });

    const started = performance.now();
    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge", { timeoutMs: 500 }));

    expect(performance.now() - started).toBeLessThan(500 + 1500);
    expect(error).toMatchObject({ code: "SMSKIT_E_SEND_TIMEOUT", retrySafe: false, deliveryUnknown: true });
    expect(harness.fake.sendRequests).toHaveLength(1);
  });

  it("gives up on a token endpoint that never answers, and the next send asks again", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    harness.fake.respondToToken({ hang: true });

    const started = performance.now();
    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge", { timeoutMs: 500 }));
    expect(performance.now() - started).toBeLessThan(500 + 1500);
    expect(error.code).toBe("SMSKIT_E_SEND_TIMEOUT");

    harness.fake.respondToToken(undefined);
    const result = await smskit.send("push", deviceToken, "challenge", { timeoutMs: 5000 });
    expect(result.messageId).toMatch(/^projects\//);
    expect(harness.fake.tokenRequests).toHaveLength(2);
  });

  it("stops when the caller aborts", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({ "JSON config file": path });
    harness.fake.respondToSend({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await rejectionOf(
      smskit.send("push", deviceToken, "challenge", { signal: controller.signal }),
    );

    expect(error).toMatchObject({ code: "SMSKIT_E_SEND_ABORTED" });
  });
});

describe("httpsproxy", () => {
  it("tunnels the token request and the send through the proxy with CONNECT", async () => {
    const proxy = await startForwardProxy();
    try {
      const { path } = await harness.writeServiceAccount();
      const smskit = await harness.smskit({ "JSON config file": path, httpsproxy: proxy.url });

      await smskit.send("push", deviceToken, "through the proxy");

      expect(harness.fake.sendRequests).toHaveLength(1);
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.every((request) => request.method === "CONNECT")).toBe(true);
      expect(proxy.requests[0]?.target).toBe(`127.0.0.1:${harness.fake.port}`);
    } finally {
      await proxy.close();
    }
  });

  it("takes host:port without a scheme, as privacyIDEA does, and sends proxy credentials", async () => {
    const proxy = await startForwardProxy({ requireAuth: { username: "pi", password: "s3cret:pw" } });
    try {
      const { path } = await harness.writeServiceAccount();
      const hostPort = proxy.url.replace("http://", "");
      const smskit = await harness.smskit({
        "JSON config file": path,
        httpsproxy: `pi:${encodeURIComponent("s3cret:pw")}@${hostPort}`,
      });

      await smskit.send("push", deviceToken, "through the proxy");

      expect(harness.fake.sendRequests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("reports a proxy that refuses the tunnel, without its password", async () => {
    const proxy = await startForwardProxy({ requireAuth: { username: "pi", password: "right" } });
    try {
      const { path } = await harness.writeServiceAccount();
      const proxyUrl = new URL(proxy.url);
      proxyUrl.username = "pi";
      proxyUrl.password = "wrong-password";
      const smskit = await harness.smskit({ "JSON config file": path, httpsproxy: proxyUrl.href });

      const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

      expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_PROXY", retrySafe: true });
      expect(error.message).toMatch(/407/);
      expect(error.message).not.toContain("wrong-password");
      expect(harness.fake.tokenRequests).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  it("reports a proxy nobody listens on", async () => {
    const { path } = await harness.writeServiceAccount();
    const smskit = await harness.smskit({
      "JSON config file": path,
      httpsproxy: `http://127.0.0.1:${await closedPort()}`,
    });

    const error = await rejectionOf(smskit.send("push", deviceToken, "challenge"));

    expect(error).toMatchObject({ code: "SMSKIT_E_FIREBASE_PROXY", retrySafe: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("secrets stay out of errors and logs", () => {
  it("never shows the private key or the access token", async () => {
    const { path, account } = await harness.writeServiceAccount();
    const logged: string[] = [];
    const smskit = await harness.smskit({ "JSON config file": path }, logged);
    const outputs: string[] = [];

    await smskit.send("push", deviceToken, "fine");
    harness.fake.respondToSend(fcmErrorReply("UNREGISTERED"));
    const refused = await rejectionOf(smskit.send("push", deviceToken, "refused"));
    outputs.push(refused.message, JSON.stringify(refused));
    // Another fake does not know the account: Google's refusal must not echo the key either.
    const other = await startFirebaseHarness();
    try {
      const denied = await rejectionOf(
        (await other.smskit({ "JSON config file": path }, logged)).send("push", deviceToken, "denied"),
      );
      outputs.push(denied.message, JSON.stringify(denied));
    } finally {
      await other.close();
    }
    outputs.push(...logged);

    const keyLines = account.private_key.split("\n").filter((line) => line.length > 20);
    const token = harness.fake.issuedTokens[0] ?? "no token was issued";
    for (const text of outputs) {
      expect(text).not.toContain(token);
      for (const line of keyLines) expect(text).not.toContain(line);
    }
    expect(outputs.length).toBeGreaterThan(4);
  });
});
