import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  verify as verifySignature,
} from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { answer, isObject, parseJson } from "./fcm-answer.js";
import { decodeAssertion, tokenRefusal } from "./fcm-assertion.js";
import { googleCertificate } from "./fcm-certificate.js";
import { fcmErrorReply } from "./fcm-error-reply.js";
import { RedirectingAgent } from "./fcm-redirecting-agent.js";
import {
  type FakeFcm,
  type FcmFakeOptions,
  type FcmResponder,
  type FcmSendRequest,
  googleTokenPath,
  type OAuthTokenRequest,
} from "./fcm-types.js";
import { Waiters } from "./waiters.js";

/**
 * A loopback fake of the two Google endpoints the Firebase Admin SDK talks to when it sends a
 * message: the OAuth 2.0 token endpoint (`https://oauth2.googleapis.com/token`, JWT-bearer
 * grant) and the FCM HTTP v1 send endpoint
 * (`https://fcm.googleapis.com/v1/projects/{project}/messages:send`). One HTTPS server
 * (HTTP/1.1) answers both; its certificate names the Google hosts, so a client that connects to
 * the fake while keeping the real host name (SNI and certificate check) only has to trust
 * `fake.ca`.
 */

/** Start the fake on a random free loopback port. */
export async function startFcmFake(options: FcmFakeOptions = {}): Promise<FakeFcm> {
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const certificate = googleCertificate();
  const trusted = new Map<string, KeyObject>();
  const issued = new Map<string, number>();
  const issuedTokens: string[] = [];
  const tokenRequests: OAuthTokenRequest[] = [];
  const sendRequests: FcmSendRequest[] = [];
  const sockets = new Set<Socket>();
  const sendWaiters = new Waiters();
  let connectionsOpened = 0;
  let messageSequence = 0;
  let sendResponder: FcmResponder<FcmSendRequest> | undefined;
  let tokenResponder: FcmResponder<OAuthTokenRequest> | undefined;

  const handleToken = async (request: IncomingMessage, body: string, response: ServerResponse) => {
    const form = new URLSearchParams(body);
    const assertion = decodeAssertion(form.get("assertion") ?? "");
    const clientEmail = typeof assertion?.claims.iss === "string" ? assertion.claims.iss : undefined;
    const key = clientEmail === undefined ? undefined : trusted.get(clientEmail);
    const record: OAuthTokenRequest = {
      grantType: form.get("grant_type") ?? undefined,
      clientEmail,
      scopes: typeof assertion?.claims.scope === "string" ? assertion.claims.scope.split(" ") : [],
      header: assertion?.header,
      claims: assertion?.claims,
      signatureValid: Boolean(
        assertion &&
          key &&
          verifySignature("RSA-SHA256", Buffer.from(assertion.signedPart), key, assertion.signature),
      ),
      issuedToken: undefined,
      headers: request.headers,
      remotePort: request.socket.remotePort ?? 0,
    };
    tokenRequests.push(record);
    if (tokenResponder) {
      await answer(
        response,
        typeof tokenResponder === "function" ? await tokenResponder(record) : tokenResponder,
      );
      return;
    }
    const refusal = tokenRefusal(record, key !== undefined);
    if (refusal) {
      await answer(response, { status: 400, body: { error: "invalid_grant", error_description: refusal } });
      return;
    }
    const token = `ya29.fake-${randomBytes(24).toString("base64url")}`;
    issued.set(token, Date.now() + lifetime * 1000);
    issuedTokens.push(token);
    record.issuedToken = token;
    await answer(response, { body: { access_token: token, expires_in: lifetime, token_type: "Bearer" } });
  };

  const handleSend = async (
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
    projectId: string,
  ) => {
    const accessToken = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const expiry = accessToken === undefined ? undefined : issued.get(accessToken);
    const json = parseJson(body);
    const message = isObject(json) && isObject(json.message) ? json.message : undefined;
    const record: FcmSendRequest = {
      projectId,
      accessToken,
      authorized: expiry !== undefined && expiry > Date.now(),
      message,
      validateOnly: isObject(json) && json.validate_only === true,
      json,
      text: body,
      headers: request.headers,
      httpVersion: request.httpVersion,
      remotePort: request.socket.remotePort ?? 0,
    };
    sendRequests.push(record);
    sendWaiters.notify();
    if (sendResponder) {
      await answer(
        response,
        typeof sendResponder === "function" ? await sendResponder(record) : sendResponder,
      );
      return;
    }
    if (!record.authorized) {
      await answer(response, {
        status: 401,
        body: {
          error: {
            code: 401,
            message:
              "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            status: "UNAUTHENTICATED",
          },
        },
      });
      return;
    }
    if (typeof message?.token !== "string" || message.token === "") {
      await answer(
        response,
        fcmErrorReply("INVALID_ARGUMENT", { message: "Recipient of the message is not set." }),
      );
      return;
    }
    messageSequence++;
    await answer(response, {
      body: { name: `projects/${projectId}/messages/0:${Date.now()}%${messageSequence.toString(16)}` },
    });
  };

  const server = createServer({ cert: certificate.cert, key: certificate.key }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      const sendPath = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
      let handled: Promise<void>;
      if (request.method === "POST" && path === googleTokenPath)
        handled = handleToken(request, body, response);
      else if (request.method === "POST" && sendPath?.[1])
        handled = handleSend(request, body, response, decodeURIComponent(sendPath[1]));
      else handled = answer(response, { status: 404, body: "Not Found" });
      handled.catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
    });
  });
  server.on("connection", (socket: Socket) => {
    connectionsOpened++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake is not the fake's problem.
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  const fake: FakeFcm = {
    url: `https://${host}:${address.port}`,
    port: address.port,
    ca: certificate.cert,
    tokenRequests,
    sendRequests,
    issuedTokens,
    get connectionsOpened() {
      return connectionsOpened;
    },
    get openConnections() {
      return sockets.size;
    },
    serviceAccount({ projectId = "smskit-test", clientEmail } = {}) {
      const email =
        clientEmail ?? `smskit-${randomBytes(4).toString("hex")}@${projectId}.iam.gserviceaccount.com`;
      const { privateKey, publicKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      trusted.set(email, createPublicKey(publicKey));
      return {
        type: "service_account",
        project_id: projectId,
        private_key_id: randomBytes(20).toString("hex"),
        private_key: privateKey,
        client_email: email,
        client_id: String(100000000000000000000n + BigInt(`0x${randomBytes(8).toString("hex")}`)),
        auth_uri: "https://accounts.google.com/o/oauth2/auth",
        token_uri: "https://oauth2.googleapis.com/token",
        auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
        client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
        universe_domain: "googleapis.com",
      };
    },
    trustKey(clientEmail, publicKey) {
      trusted.set(clientEmail, typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey);
    },
    respondToSend(responder) {
      sendResponder = responder;
    },
    respondToToken(responder) {
      tokenResponder = responder;
    },
    route() {
      return { host: address.address, port: address.port };
    },
    agent(agentOptions = {}) {
      return new RedirectingAgent({ ...agentOptions, ca: certificate.cert }, address.address, address.port);
    },
    async waitForSends(count, timeoutMs = 5000) {
      return sendWaiters.until(
        () => (sendRequests.length >= count ? sendRequests.slice(0, count) : undefined),
        timeoutMs,
        () => `the FCM fake received ${sendRequests.length} of ${count} sends in ${timeoutMs} ms`,
      );
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return fake;
}
