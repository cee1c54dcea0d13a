import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import type { Agent } from "node:https";
import { request } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeFcm, fcmErrorReply, googleHosts, startFcmFake } from "../src/index.js";

let fake: FakeFcm;
let agent: Agent;

beforeEach(async () => {
  fake = await startFcmFake();
  agent = fake.agent();
});

afterEach(async () => {
  agent.destroy();
  await fake.close();
});

describe("the OAuth token endpoint", () => {
  it("issues a bearer token for an assertion signed by the service account's key", async () => {
    const account = fake.serviceAccount({ projectId: "demo" });

    const answer = await post(
      "https://oauth2.googleapis.com/token",
      tokenForm(account.client_email, account.private_key),
    );

    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { access_token: string; expires_in: number; token_type: string };
    expect(body).toEqual({ access_token: fake.issuedTokens[0], expires_in: 3600, token_type: "Bearer" });
    expect(fake.tokenRequests).toEqual([
      expect.objectContaining({
        grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        clientEmail: account.client_email,
        scopes: ["https://www.googleapis.com/auth/firebase.messaging"],
        signatureValid: true,
        issuedToken: body.access_token,
      }),
    ]);
    expect(account).toMatchObject({ type: "service_account", project_id: "demo" });
  });

  it("refuses an assertion signed with another key (invalid_grant)", async () => {
    const account = fake.serviceAccount();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });

    const answer = await post(
      "https://oauth2.googleapis.com/token",
      tokenForm(account.client_email, String(other)),
    );

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      error: "invalid_grant",
      error_description: "Invalid JWT Signature.",
    });
    expect(fake.issuedTokens).toHaveLength(0);
  });

  it("refuses an account it does not know and a wrong grant type", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = String(privateKey.export({ type: "pkcs8", format: "pem" }));

    const unknown = await post(
      "https://oauth2.googleapis.com/token",
      tokenForm("nobody@x.iam.gserviceaccount.com", pem),
    );
    const wrongGrant = await post("https://oauth2.googleapis.com/token", "grant_type=client_credentials");

    expect(JSON.parse(unknown.text)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/account not found/),
    });
    expect(JSON.parse(wrongGrant.text)).toMatchObject({
      error: "invalid_grant",
      error_description: "Invalid grant type.",
    });
  });

  it("accepts a key trusted with trustKey()", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fake.trustKey("own@x.iam.gserviceaccount.com", publicKey);

    const answer = await post(
      "https://oauth2.googleapis.com/token",
      tokenForm("own@x.iam.gserviceaccount.com", String(privateKey.export({ type: "pkcs8", format: "pem" }))),
    );

    expect(answer.status).toBe(200);
  });

  it("answers as told by respondToToken()", async () => {
    fake.respondToToken({ status: 503, body: { error: "unavailable" } });

    const answer = await post("https://oauth2.googleapis.com/token", "grant_type=x");

    expect(answer.status).toBe(503);
    expect(fake.tokenRequests).toHaveLength(1);
  });
});

describe("the FCM v1 send endpoint", () => {
  it("accepts a message authorised by an issued token and records it", async () => {
    const token = await issueToken();
    const message = { message: { token: "device-1", data: { a: "b" } } };

    const answer = await post(
      "https://fcm.googleapis.com/v1/projects/demo/messages:send",
      JSON.stringify(message),
      {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
    );

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ name: expect.stringMatching(/^projects\/demo\/messages\//) });
    expect(fake.sendRequests).toEqual([
      expect.objectContaining({
        projectId: "demo",
        accessToken: token,
        authorized: true,
        message: message.message,
        json: message,
        validateOnly: false,
        httpVersion: "1.1",
      }),
    ]);
    expect(await fake.waitForSends(1)).toHaveLength(1);
  });

  it("refuses an unknown bearer token with 401 UNAUTHENTICATED", async () => {
    const answer = await post(
      "https://fcm.googleapis.com/v1/projects/demo/messages:send",
      JSON.stringify({ message: { token: "device-1" } }),
      { authorization: "Bearer made-up", "content-type": "application/json" },
    );

    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { status: "UNAUTHENTICATED" } });
    expect(fake.sendRequests[0]?.authorized).toBe(false);
  });

  it("refuses a message without a token", async () => {
    const token = await issueToken();

    const answer = await post(
      "https://fcm.googleapis.com/v1/projects/demo/messages:send",
      JSON.stringify({ message: { topic: "news" } }),
      { authorization: `Bearer ${token}`, "content-type": "application/json" },
    );

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { status: "INVALID_ARGUMENT" } });
  });

  it("answers FCM's documented errors with fcmErrorReply()", async () => {
    const token = await issueToken();
    fake.respondToSend(fcmErrorReply("UNREGISTERED"));

    const answer = await post(
      "https://fcm.googleapis.com/v1/projects/demo/messages:send",
      JSON.stringify({ message: { token: "device-1" } }),
      { authorization: `Bearer ${token}`, "content-type": "application/json" },
    );

    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        code: 404,
        message: "Requested entity was not found.",
        status: "NOT_FOUND",
        details: [
          { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "UNREGISTERED" },
        ],
      },
    });
    expect(fcmErrorReply("QUOTA_EXCEEDED", { retryAfterSeconds: 30 })).toMatchObject({
      status: 429,
      headers: { "retry-after": "30" },
    });
    expect(fcmErrorReply("UNAVAILABLE").status).toBe(503);
    expect(fcmErrorReply("SENDER_ID_MISMATCH").status).toBe(403);
  });

  it("keeps a hung request open until close() destroys the connection", async () => {
    fake.respondToSend({ hang: true });
    const pending = post("https://fcm.googleapis.com/v1/projects/demo/messages:send", "{}").catch(
      (error: Error) => error,
    );
    await fake.waitForSends(1);
    expect(fake.openConnections).toBe(1);
    expect(fake.connectionsOpened).toBe(1);

    await fake.close();

    expect(await pending).toBeInstanceOf(Error);
    expect(fake.openConnections).toBe(0);
  });
});

describe("the certificate", () => {
  it("names the Google hosts, so the real host name can be checked against it", async () => {
    for (const host of googleHosts) {
      const answer = await post(`https://${host}/nothing-here`, "");
      expect(answer.status).toBe(404);
    }
  });

  it("fails the host-name check for any other host", async () => {
    const error = await post("https://www.example.com/token", "").catch((failure: Error) => failure);

    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });
});

/** A JWT-bearer token request form signed with the given key. */
function tokenForm(clientEmail: string, privateKeyPem: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({
    iss: clientEmail,
    scope: "https://www.googleapis.com/auth/firebase.messaging",
    aud: "https://oauth2.googleapis.com/token",
    iat: now,
    exp: now + 3600,
  })}`;
  const signature = sign("RSA-SHA256", Buffer.from(signed), createPrivateKey(privateKeyPem)).toString(
    "base64url",
  );
  return new URLSearchParams({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    assertion: `${signed}.${signature}`,
  }).toString();
}

/** An access token from the fake for a fresh account. */
async function issueToken(): Promise<string> {
  const account = fake.serviceAccount({ projectId: "demo" });
  const answer = await post(
    "https://oauth2.googleapis.com/token",
    tokenForm(account.client_email, account.private_key),
  );
  return (JSON.parse(answer.text) as { access_token: string }).access_token;
}

/** POST through the fake's redirecting agent. */
function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
      response.on("error", reject);
    });
    outgoing.end(body);
  });
}
