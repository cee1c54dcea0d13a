import { sign } from "node:crypto";
import type { Agent, IncomingMessage } from "node:http";
import { request } from "node:https";
import { untilAborted } from "@smskit/provider";
import type { Credential, GoogleOAuthAccessToken } from "firebase-admin/app";
import type { ServiceAccount } from "./service-account.js";

/** Google's OAuth 2.0 token endpoint (the assertion's audience). */
export const googleTokenUrl = "https://oauth2.googleapis.com/token";

/** The scopes asked for: sending with FCM. */
export const messagingScopes = [
  "https://www.googleapis.com/auth/firebase.messaging",
  "https://www.googleapis.com/auth/cloud-platform",
] as const;

/** Milliseconds a token request may take before it is given up. */
export const tokenRequestTimeoutMs = 15_000;

/** A token is fetched again when less than this (or half its lifetime, if shorter) is left. */
const refreshMarginMs = 60_000;

/** An access token and when it expires. */
export interface AccessToken {
  readonly value: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** How long it was valid when issued. */
  readonly lifetimeMs: number;
}

/** A token request in flight and who waits for it. */
interface Fetching {
  readonly promise: Promise<AccessToken>;
  readonly controller: AbortController;
  /** Callers with a signal still waiting; firebase-admin's own calls (no signal) are not counted. */
  waiters: number;
}

/** Why a token request failed: the HTTP status and Google's error, or a network error code. */
export class TokenRequestError extends Error {
  /** A network error code (`ECONNREFUSED`, `EPROXYREFUSED`, `ETIMEDOUT`, …), when there was no answer. */
  readonly code: string | undefined;
  /** Google's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** Google's `error` (e.g. `invalid_grant`), when it answered with one. */
  readonly googleError: string | undefined;

  constructor(
    message: string,
    details: {
      code?: string | undefined;
      status?: number | undefined;
      googleError?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.name = "TokenRequestError";
    this.code = details.code;
    this.status = details.status;
    this.googleError = details.googleError;
  }
}

/**
 * firebase-admin's `Credential` for a service account: signs a JWT-bearer assertion (RS256)
 * with the account's key and exchanges it at Google's token endpoint through the given agent
 * (so `httpsproxy` and the agent's CA apply). Tokens are kept until a minute before they
 * expire (half their lifetime, if that is shorter), and concurrent requests share one fetch. firebase-admin keeps its own per-app cache
 * on top and asks again when a token has less than five minutes left.
 *
 * (firebase-admin's own `cert()` cannot be used: it caches credentials process-wide by path,
 * ignoring the agent of later calls and a replaced file, and with an object it drops the agent
 * for the token request.)
 */
export class ServiceAccountCredential implements Credential {
  readonly #account: ServiceAccount;
  readonly #agent: Agent;
  readonly #now: () => number;
  #token: AccessToken | undefined;
  #fetching: Fetching | undefined;

  constructor(account: ServiceAccount, agent: Agent, now: () => number = Date.now) {
    this.#account = account;
    this.#agent = agent;
    this.#now = now;
  }

  /** The Credential interface: a valid access token and its remaining lifetime in seconds. */
  async getAccessToken(): Promise<GoogleOAuthAccessToken> {
    const token = await this.token();
    return {
      access_token: token.value,
      expires_in: Math.max(0, Math.floor((token.expiresAt - this.#now()) / 1000)),
    };
  }

  /**
   * A token with at least a minute (or half its lifetime, if shorter) left, fetched when the
   * cached one is older. Concurrent callers share one request; a caller whose `signal` aborts
   * stops waiting, and when every caller has given up the request itself is abandoned, so a
   * hung token endpoint does not hold up the next send.
   */
  async token(signal?: AbortSignal): Promise<AccessToken> {
    const cached = this.#token;
    if (cached && cached.expiresAt - this.#now() > Math.min(refreshMarginMs, cached.lifetimeMs / 2))
      return cached;
    let fetching = this.#fetching;
    if (!fetching) {
      const controller = new AbortController();
      const started: Fetching = { promise: this.#fetch(controller.signal), controller, waiters: 0 };
      fetching = started;
      this.#fetching = started;
      started.promise
        .then((token) => {
          this.#token = token;
        })
        .catch(() => {})
        .finally(() => {
          if (this.#fetching === started) this.#fetching = undefined;
        });
    }
    if (!signal) return fetching.promise;
    const shared = fetching;
    shared.waiters++;
    try {
      return await untilAborted(shared.promise, signal);
    } finally {
      shared.waiters--;
      if (signal.aborted && shared.waiters === 0) {
        if (this.#fetching === shared) this.#fetching = undefined;
        shared.controller.abort();
      }
    }
  }

  async #fetch(signal: AbortSignal): Promise<AccessToken> {
    const started = this.#now();
    const body = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: this.#assertion(started),
    }).toString();
    const { status, text } = await post(googleTokenUrl, body, this.#agent, signal);
    let answer: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object") answer = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: reported below with the status.
    }
    if (status !== 200 || typeof answer.access_token !== "string" || typeof answer.expires_in !== "number") {
      const googleError = typeof answer.error === "string" ? answer.error : undefined;
      const description = typeof answer.error_description === "string" ? answer.error_description : undefined;
      const said = googleError
        ? `${googleError}${description ? `: ${description}` : ""}`
        : status === 200
          ? "an answer without access_token and expires_in"
          : `${text.slice(0, 200) || "an empty answer"}`;
      throw new TokenRequestError(`Google's token endpoint answered HTTP ${status}: ${said}`, {
        status,
        googleError,
      });
    }
    const lifetimeMs = answer.expires_in * 1000;
    return { value: answer.access_token, expiresAt: started + lifetimeMs, lifetimeMs };
  }

  /** The signed JWT-bearer assertion (RFC 7523) for this account. */
  #assertion(nowMs: number): string {
    const issuedAt = Math.floor(nowMs / 1000);
    const header = {
      alg: "RS256",
      typ: "JWT",
      ...(this.#account.privateKeyId ? { kid: this.#account.privateKeyId } : {}),
    };
    const claims = {
      iss: this.#account.clientEmail,
      scope: messagingScopes.join(" "),
      aud: googleTokenUrl,
      iat: issuedAt,
      exp: issuedAt + 3600,
    };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign("RSA-SHA256", Buffer.from(signed), this.#account.privateKey);
    return `${signed}.${signature.toString("base64url")}`;
  }
}

/**
 * POST a form through the agent; resolves with the status and body, rejects on network errors,
 * after the timeout, and when `signal` aborts (the connection is then destroyed).
 */
function post(
  url: string,
  body: string,
  agent: Agent,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": Buffer.byteLength(body),
        accept: "application/json",
      },
    });
    const timer = setTimeout(() => {
      outgoing.destroy(
        new TokenRequestError(`Google's token endpoint did not answer within ${tokenRequestTimeoutMs} ms`, {
          code: "ETIMEDOUT",
        }),
      );
    }, tokenRequestTimeoutMs);
    const onAbort = () =>
      outgoing.destroy(new TokenRequestError("the token request was abandoned", { code: "ABORT_ERR" }));
    signal.addEventListener("abort", onAbort, { once: true });
    const fail = (error: Error) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (error instanceof TokenRequestError) {
        reject(error);
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        new TokenRequestError(`cannot reach Google's token endpoint: ${error.message}`, {
          code,
          cause: error,
        }),
      );
    };
    outgoing.on("error", fail);
    outgoing.on("response", (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      response.on("end", () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    outgoing.end(body);
  });
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
