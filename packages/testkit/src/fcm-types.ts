import type { KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Agent, AgentOptions } from "node:https";

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
