import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  verify as verifySignature,
} from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { Agent, type AgentOptions, createServer, type RequestOptions } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { generate } from "selfsigned";

/**
 * A loopback fake of the two Google endpoints the Firebase Admin SDK talks to when it sends a
 * message: the OAuth 2.0 token endpoint (`https://oauth2.googleapis.com/token`, JWT-bearer
 * grant) and the FCM HTTP v1 send endpoint
 * (`https://fcm.googleapis.com/v1/projects/{project}/messages:send`). One HTTPS server
 * (HTTP/1.1) answers both; its certificate names the Google hosts, so a client that connects to
 * the fake while keeping the real host name (SNI and certificate check) only has to trust
 * `fake.ca`.
 */

/** The host names the fake stands in for (and that its certificate names). */
export const googleHosts = ["oauth2.googleapis.com", "fcm.googleapis.com"] as const;

/** The path of Google's OAuth 2.0 token endpoint. */
export const googleTokenPath = "/token";

/** The grant type of a service account's token request. */
export const jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** A service-account key file as the Google Cloud console writes it. */
export interface FakeServiceAccount {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

/** One request the token endpoint received. */
export interface OAuthTokenRequest {
  /** The `grant_type` form field. */
  grantType: string | undefined;
  /** The assertion's issuer (`iss`): the service account's e-mail. */
  clientEmail: string | undefined;
  /** The scopes the assertion asks for. */
  scopes: string[];
  /** The assertion's JWT header, decoded. */
  header: Record<string, unknown> | undefined;
  /** The assertion's claims, decoded. */
  claims: Record<string, unknown> | undefined;
  /** Whether the assertion is signed by a key the fake trusts for `clientEmail`. */
  signatureValid: boolean;
  /** The access token handed out, or undefined when the request was refused. */
  issuedToken: string | undefined;
  headers: IncomingHttpHeaders;
  /** Identifies the client connection. */
  remotePort: number;
}

/** One request the FCM send endpoint received. */
export interface FcmSendRequest {
  /** The project in the path (`/v1/projects/{project}/messages:send`). */
  projectId: string;
  /** The bearer token of the Authorization header. */
  accessToken: string | undefined;
  /** Whether the bearer token is one the fake issued and that has not expired. */
  authorized: boolean;
  /** The `message` object of the body. */
  message: Record<string, unknown> | undefined;
  /** The `validate_only` flag of the body. */
  validateOnly: boolean;
  /** The whole body, parsed. */
  json: unknown;
  /** The body as received. */
  text: string;
  headers: IncomingHttpHeaders;
  /** The HTTP version the client spoke. */
  httpVersion: string;
  /** Identifies the client connection. */
  remotePort: number;
}

/** An answer the fake gives instead of its normal behaviour. */
export interface FcmReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
  /** Answer this many milliseconds late. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client or `close()` ends it). */
  hang?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
}

/** A fixed answer, or a function choosing one per request; `undefined` restores the normal behaviour. */
export type FcmResponder<Request> = FcmReply | ((request: Request) => FcmReply | Promise<FcmReply>);

/** The error codes of FCM HTTP v1 (`google.firebase.fcm.v1.FcmError`). */
export type FcmErrorCode =
  | "UNSPECIFIED_ERROR"
  | "INVALID_ARGUMENT"
  | "UNREGISTERED"
  | "SENDER_ID_MISMATCH"
  | "QUOTA_EXCEEDED"
  | "UNAVAILABLE"
  | "INTERNAL"
  | "THIRD_PARTY_AUTH_ERROR";

/** Options of `startFcmFake`. */
export interface FcmFakeOptions {
  /** Seconds an issued access token is valid (`expires_in`); default 3600. */
  tokenLifetimeSeconds?: number;
  /** The loopback address to listen on; default 127.0.0.1. */
  host?: string;
}

/** A running fake of Google's token and FCM send endpoints. */
export interface FakeFcm {
  /** e.g. `https://127.0.0.1:34567`. */
  readonly url: string;
  readonly port: number;
  /** The fake's certificate (PEM, names the Google hosts, localhost and 127.0.0.1): trust it as CA. */
  readonly ca: string;
  /** Every token request, in order. */
  readonly tokenRequests: OAuthTokenRequest[];
  /** Every send request, in order. */
  readonly sendRequests: FcmSendRequest[];
  /** Access tokens issued so far, in order. */
  readonly issuedTokens: readonly string[];
  /** TCP connections ever accepted. */
  readonly connectionsOpened: number;
  /** TCP connections currently open. */
  readonly openConnections: number;
  /**
   * A fresh service account: an RSA-2048 key pair generated now, the public half trusted by the
   * token endpoint for the account's e-mail. Write it to a file to use it.
   */
  serviceAccount(options?: { projectId?: string; clientEmail?: string }): FakeServiceAccount;
  /** Trust a public key (PEM or KeyObject) for assertions issued by `clientEmail`. */
  trustKey(clientEmail: string, publicKey: string | KeyObject): void;
  /** Answer the send endpoint differently from now on. */
  respondToSend(responder: FcmResponder<FcmSendRequest> | undefined): void;
  /** Answer the token endpoint differently from now on. */
  respondToToken(responder: FcmResponder<OAuthTokenRequest> | undefined): void;
  /** Where to connect to reach the fake instead of `host:port` (always the fake). */
  route(host: string, port: number): { host: string; port: number };
  /**
   * An https.Agent that connects every request to the fake whatever host it names, keeping the
   * host name for SNI and the certificate check, and trusting `ca`.
   */
  agent(options?: AgentOptions): Agent;
  /** Resolve once `count` send requests have arrived. */
  waitForSends(count: number, timeoutMs?: number): Promise<FcmSendRequest[]>;
  /** Stop listening and destroy every open connection. */
  close(): Promise<void>;
}

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
  const sendWaiters = new Set<() => void>();
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
    for (const wake of sendWaiters) wake();
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
      if (sendRequests.length >= count) return sendRequests.slice(0, count);
      return new Promise<FcmSendRequest[]>((resolve, reject) => {
        const wake = () => {
          if (sendRequests.length < count) return;
          cleanup();
          resolve(sendRequests.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`the FCM fake received ${sendRequests.length} of ${count} sends in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          sendWaiters.delete(wake);
        };
        sendWaiters.add(wake);
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return fake;
}

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

/** Connects every request to one address, keeping the requested host for SNI and the certificate check. */
class RedirectingAgent extends Agent {
  readonly #host: string;
  readonly #port: number;

  constructor(options: AgentOptions, host: string, port: number) {
    super(options);
    this.#host = host;
    this.#port = port;
  }

  override createConnection(options: RequestOptions): TLSSocket {
    const requested = options.hostname ?? options.host ?? "localhost";
    const { ca, cert, key, rejectUnauthorized } = options;
    return connectTls({
      ca,
      cert,
      key,
      rejectUnauthorized,
      ALPNProtocols: ["http/1.1"],
      host: this.#host,
      port: this.#port,
      servername: options.servername || requested,
    });
  }
}

let cachedCertificate: { cert: string; key: string } | undefined;

/** A self-signed certificate for the Google hosts, localhost and 127.0.0.1; made once per process. */
function googleCertificate(): { cert: string; key: string } {
  if (cachedCertificate) return cachedCertificate;
  const keyPair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const generated = generate([{ name: "commonName", value: "fcm.googleapis.com" }], {
    days: 30,
    algorithm: "sha256",
    keyPair: { privateKey: keyPair.privateKey, publicKey: keyPair.publicKey },
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...googleHosts.map((value) => ({ type: 2, value })),
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  cachedCertificate = { cert: generated.cert, key: keyPair.privateKey };
  return cachedCertificate;
}

/** Why the token endpoint refuses a request, in Google's words; undefined when it issues a token. */
function tokenRefusal(record: OAuthTokenRequest, keyKnown: boolean): string | undefined {
  if (record.grantType !== jwtBearerGrantType) return "Invalid grant type.";
  if (!record.claims) return "Invalid JWT: the assertion is not a signed JWT.";
  if (!keyKnown) return "Invalid grant: account not found";
  if (!record.signatureValid) return "Invalid JWT Signature.";
  if (record.header?.alg !== "RS256") return "Invalid JWT: the algorithm must be RS256.";
  if (record.claims.aud !== `https://${googleHosts[0]}${googleTokenPath}`)
    return "Invalid JWT: Failed audience check.";
  const now = Date.now() / 1000;
  const { iat, exp } = record.claims;
  if (typeof iat !== "number" || typeof exp !== "number" || exp <= now || iat > now + 300 || exp - iat > 3600)
    return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
  if (record.scopes.length === 0) return "Invalid JWT: no scope requested.";
  return undefined;
}

/** A JWT split into its decoded parts, or undefined when it is not one. */
function decodeAssertion(assertion: string):
  | {
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      signedPart: string;
      signature: Buffer;
    }
  | undefined {
  const [header, claims, signature] = assertion.split(".");
  if (header === undefined || claims === undefined || signature === undefined) return undefined;
  const decodedHeader = parseJson(Buffer.from(header, "base64url").toString("utf8"));
  const decodedClaims = parseJson(Buffer.from(claims, "base64url").toString("utf8"));
  if (!isObject(decodedHeader) || !isObject(decodedClaims)) return undefined;
  return {
    header: decodedHeader,
    claims: decodedClaims,
    signedPart: `${header}.${claims}`,
    signature: Buffer.from(signature, "base64url"),
  };
}

/** Send a reply (or hang, or reset) on a response. */
async function answer(response: ServerResponse, reply: FcmReply): Promise<void> {
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  if (reply.hang) return;
  if (reply.reset) {
    response.socket?.destroy();
    return;
  }
  const isText = typeof reply.body === "string";
  const body = reply.body === undefined ? "" : isText ? String(reply.body) : JSON.stringify(reply.body);
  response.writeHead(reply.status ?? 200, {
    "content-type": isText ? "text/plain; charset=utf-8" : "application/json; charset=UTF-8",
    ...reply.headers,
  });
  response.end(body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
