import type { GatewayDefinition, Smskit } from "@smskit/core";
import type { FastifyInstance } from "fastify";
import type {} from "./demo-context.js";
import { demoErrors } from "./demo-errors.js";
import type { ErrorBody } from "./error-reply.js";
import { sandboxSecretHeader } from "./sandbox-secret.js";

/** The name of the gateway created on first start, aimed at this app's own sandbox endpoint. */
export const sandboxGatewayName = "sandbox";

/** The path of the endpoint that plays an SMS gateway. */
export const sandboxPath = "/sandbox/sms";

/** The largest request the sandbox endpoint reads, in bytes: an SMS gateway request is far smaller. */
export const sandboxMessageLimit = 64 * 1024;

/** One request the sandbox endpoint received, as the inbox shows it. */
export interface SandboxMessage {
  /** A sequence number, `sandbox-1`, `sandbox-2`, … (also the message id the endpoint answers with). */
  readonly id: string;
  /** ISO timestamp of the arrival. */
  readonly receivedAt: string;
  /** GET or POST. */
  readonly method: string;
  /** The recipient, taken from a field named to, phone, recipient or number (any case), when there is one. */
  readonly to: string | undefined;
  /** The text, taken from a field named text, message, body or msg (any case), when there is one. */
  readonly text: string | undefined;
  /** Every field received: query parameters, then the form or JSON body. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The body's content type, when there was a body. */
  readonly contentType: string | undefined;
}

/** The last messages the sandbox endpoint received, newest first; in memory only. */
export class SandboxInbox {
  readonly #capacity: number;
  readonly #messages: SandboxMessage[] = [];
  #sequence = 0;

  constructor(capacity = 50) {
    this.#capacity = capacity;
  }

  /** Keep a received message, dropping the oldest beyond the capacity. */
  add(message: Omit<SandboxMessage, "id" | "receivedAt">): SandboxMessage {
    this.#sequence += 1;
    const kept: SandboxMessage = {
      id: `sandbox-${this.#sequence}`,
      receivedAt: new Date().toISOString(),
      ...message,
    };
    this.#messages.unshift(kept);
    if (this.#messages.length > this.#capacity) this.#messages.length = this.#capacity;
    return kept;
  }

  /** The kept messages, newest first. */
  list(): readonly SandboxMessage[] {
    return this.#messages;
  }

  /** Forget every message. */
  clear(): void {
    this.#messages.length = 0;
  }
}

/**
 * The sandbox endpoint: answers GET and POST at `/sandbox/sms` like a forgiving SMS gateway
 * (query, form, JSON or text) and keeps what arrived in the inbox. It needs no admin token, but
 * only the sandbox gateway may deliver: a request without that gateway's secret header is
 * answered 401 before its body is read, and nothing is kept. A request is at most
 * `sandboxMessageLimit` bytes (413 otherwise).
 */
export async function sandboxEndpoint(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    if (app.demo.sandboxSecret.verify(request.headers[sandboxSecretHeader.toLowerCase()])) return;
    const unauthorized = demoErrors.SMSKIT_E_UNAUTHORIZED;
    await reply.status(unauthorized.status).send({
      code: unauthorized.code,
      message: unauthorized.format({
        problem: `only the sandbox gateway may deliver here: it sends the ${sandboxSecretHeader} header this app gave it at start`,
      }),
    } satisfies ErrorBody);
  });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: sandboxMessageLimit },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addContentTypeParser(
    "*",
    { parseAs: "string", bodyLimit: sandboxMessageLimit },
    (_request, body, done) => done(null, String(body)),
  );
  const receive = async (request: {
    method: string;
    query: unknown;
    body: unknown;
    headers: Record<string, unknown>;
  }) => {
    const fields: Record<string, unknown> = { ...asRecord(request.query) };
    if (typeof request.body === "string") {
      if (request.body !== "") fields.body = request.body;
    } else if (request.body !== undefined && request.body !== null) {
      Object.assign(fields, asRecord(request.body) ?? { body: request.body });
    }
    const contentType = request.headers["content-type"];
    const message = app.demo.inbox.add({
      method: request.method,
      to: pick(fields, ["to", "phone", "recipient", "number"]),
      text: pick(fields, ["text", "message", "body", "msg"]),
      fields,
      contentType: typeof contentType === "string" ? contentType : undefined,
    });
    return { id: message.id, status: "accepted" };
  };
  const schema = {
    hide: true,
    response: {
      200: {
        type: "object",
        properties: { id: { type: "string" }, status: { type: "string" } },
      },
    },
  };
  app.get(sandboxPath, { schema, bodyLimit: sandboxMessageLimit }, receive);
  app.post(sandboxPath, { schema, bodyLimit: sandboxMessageLimit }, receive);
}

/**
 * Aim the `sandbox` gateway at this app's sandbox endpoint at `baseUrl` and give it this
 * instance's `secret` (as the secret header `X-Sandbox-Token`): on a first start with an empty
 * store it is created (the HTTP provider, POST JSON with the options `to` and `text`); on later
 * starts a `sandbox` gateway that still points at a loopback sandbox endpoint follows the port
 * and gets the new secret. Does nothing without the HTTP provider, nor on a store that several
 * instances share (PostgreSQL): each would aim the one sandbox gateway at itself.
 */
export async function aimSandboxGateway(
  smskit: Smskit,
  baseUrl: string,
  secret: string,
): Promise<"created" | "updated" | "unchanged" | "skipped"> {
  if (!smskit.providers().some((provider) => provider.id === "http")) return "skipped";
  if (smskit.store.shared) return "skipped";
  const url = new URL(sandboxPath, baseUrl).href;
  const existing = await smskit.getGateway(sandboxGatewayName);
  if (!existing) {
    const empty = (await smskit.listGateways()).length === 0 && (await smskit.listSmtpServers()).length === 0;
    if (!empty) return "skipped";
    await smskit.saveGateway({
      name: sandboxGatewayName,
      provider: "http",
      description: "Delivers to this app's own sandbox inbox: try sending without any account.",
      parameters: { URL: url, HTTP_METHOD: "POST", SEND_DATA_AS_JSON: true, TIMEOUT: 5 },
      options: { to: "{phone}", text: "{otp}" },
      headers: { [sandboxSecretHeader]: secret },
      secretHeaders: [sandboxSecretHeader],
    });
    return "created";
  }
  const current = existing.parameters.URL;
  if (existing.provider !== "http" || typeof current !== "string" || !isLoopbackSandbox(current)) {
    return "unchanged";
  }
  await smskit.saveGateway({
    ...existing,
    parameters: { ...existing.parameters, URL: url },
    headers: { ...existing.headers, [sandboxSecretHeader]: secret },
    secretHeaders: [...new Set([...(existing.secretHeaders ?? []), sandboxSecretHeader])],
  });
  return "updated";
}

/**
 * Whether a gateway delivers into this app's sandbox inbox: an HTTP gateway aimed at the sandbox
 * endpoint (the web UI fills in a test recipient and links to the inbox for it).
 */
export function isSandboxGateway(definition: Pick<GatewayDefinition, "provider" | "parameters">): boolean {
  const url = definition.parameters.URL;
  if (definition.provider !== "http" || typeof url !== "string") return false;
  try {
    return new URL(url).pathname === sandboxPath;
  } catch {
    return false;
  }
}

function isLoopbackSandbox(address: string): boolean {
  try {
    const url = new URL(address);
    return (
      url.pathname === sandboxPath &&
      (url.hostname === "127.0.0.1" || url.hostname === "[::1]" || url.hostname === "localhost")
    );
  } catch {
    return false;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function pick(fields: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const [key, value] of Object.entries(fields)) {
    if (names.includes(key.toLowerCase()) && typeof value === "string") return value;
  }
  return undefined;
}
