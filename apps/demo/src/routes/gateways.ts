import type { ConfigurationError, GatewayPolicies } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { demoErrors } from "../demo-errors.js";
import { gatewayView } from "../gateway-view.js";
import { publicBase, withReceiptSecret } from "../receipt-urls.js";
import { attemptsSchema, gatewayHealthSchema } from "../route-schemas.js";
import {
  apiErrorResponses,
  errorSchema,
  gatewayInputSchema,
  gatewaySchema,
  nameParamsSchema,
  stringMapSchema,
} from "../schemas.js";

/** The body of `PUT /api/gateways/:name`. */
interface GatewayBody {
  provider: string;
  description?: string;
  parameters?: Record<string, unknown>;
  options?: Record<string, string>;
  headers?: Record<string, string>;
  secretOptions?: string[];
  secretHeaders?: string[];
  policies?: GatewayPolicies;
  expectedRevision?: number;
  name?: string;
}

/** The body of `POST /api/gateways/:name/send`. */
interface SendBody {
  to: string;
  message: string;
  title?: string;
  data?: Record<string, string>;
  timeoutMs?: number;
}

/** What a successful send answers. */
const sendResultSchema = {
  type: "object",
  description: "What the provider reported about the accepted message.",
  properties: {
    id: { type: "string", description: "smskit's id of the message (a ULID): GET /api/messages/{id}." },
    gateway: { type: "string", description: "The gateway it went through." },
    provider: { type: "string", description: "The provider id." },
    to: { type: "string", description: "The recipient after the REGEXP rewrite." },
    durationMs: { type: "number", description: "How long the send took." },
    messageId: { type: "string", description: "The gateway's id for the message, when it gives one." },
    messageIds: { type: "array", items: { type: "string" }, description: "Ids of every part (SMPP)." },
    parts: { type: "integer", description: "How many SMS the text was sent as." },
    details: { type: "object", additionalProperties: true, description: "Provider-specific facts." },
    route: { type: "string", description: "The route sent through, when the target is a route." },
    attempts: attemptsSchema,
    replayed: {
      type: "boolean",
      description: "True when this is the stored outcome of an earlier send with the same Idempotency-Key.",
    },
  },
  required: ["id", "gateway", "provider", "to", "durationMs", "attempts"],
} as const;

const notFound = { ...errorSchema, description: "No gateway with that name (SMSKIT_E_GATEWAY_NOT_FOUND)." };

/**
 * Gateways: list, read, save, delete (secrets censored exactly as the CLI shows them; a secret
 * written back as `__CENSORED__` keeps its stored value) and send through one.
 */
export async function gatewayRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  const tags = ["gateways"];

  app.get(
    "/gateways",
    {
      schema: {
        summary: "List the gateways",
        tags,
        response: { 200: { type: "array", items: gatewaySchema }, ...apiErrorResponses },
      },
    },
    async (request) => {
      const base = publicBase(request, app.demo.environment);
      return Promise.all((await smskit.listGateways()).map((gateway) => gatewayView(smskit, gateway, base)));
    },
  );

  app.get<{ Params: { name: string } }>(
    "/gateways/:name",
    {
      schema: {
        summary: "Read a gateway",
        tags,
        params: nameParamsSchema,
        response: { 200: gatewaySchema, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request) => {
      const gateway = await smskit.getGateway(request.params.name);
      if (!gateway) throw gatewayNotFound(request.params.name);
      return gatewayView(smskit, gateway, publicBase(request, app.demo.environment));
    },
  );

  app.put<{ Params: { name: string }; Body: GatewayBody }>(
    "/gateways/:name",
    {
      schema: {
        summary: "Create or replace a gateway",
        description:
          "Validated against the provider's schema; a refused definition answers 422 with every issue and leaves the stored one untouched.",
        tags,
        params: nameParamsSchema,
        body: gatewayInputSchema,
        response: {
          200: gatewaySchema,
          409: { ...errorSchema, description: "expectedRevision is not the stored revision." },
          422: { ...errorSchema, description: "The definition is invalid; `issues` names every problem." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      const { expectedRevision, name: bodyName, ...body } = request.body;
      assertSameName(name, bodyName);
      const input = await withReceiptSecret(smskit, {
        name,
        provider: body.provider,
        parameters: body.parameters ?? {},
      });
      const saved = await smskit.saveGateway(
        {
          name,
          provider: body.provider,
          description: body.description ?? "",
          parameters: input.parameters ?? {},
          options: body.options ?? {},
          headers: body.headers ?? {},
          secretOptions: body.secretOptions ?? [],
          secretHeaders: body.secretHeaders ?? [],
          ...(body.policies === undefined ? {} : { policies: body.policies }),
        },
        expectedRevision === undefined ? {} : { expectedRevision },
      );
      return gatewayView(smskit, saved, publicBase(request, app.demo.environment));
    },
  );

  app.delete<{ Params: { name: string } }>(
    "/gateways/:name",
    {
      schema: {
        summary: "Delete a gateway",
        tags,
        params: nameParamsSchema,
        response: {
          204: { type: "null", description: "Deleted." },
          404: notFound,
          ...apiErrorResponses,
        },
      },
    },
    async (request, reply) => {
      if (!(await smskit.deleteGateway(request.params.name))) throw gatewayNotFound(request.params.name);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { name: string } }>(
    "/gateways/:name/health",
    {
      schema: {
        summary: "A gateway's health: its circuit breaker in this server",
        tags,
        params: nameParamsSchema,
        response: { 200: gatewayHealthSchema, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request) => {
      const { name } = request.params;
      if (!(await smskit.getGateway(name))) throw gatewayNotFound(name);
      return smskit.gatewayHealth(name);
    },
  );

  app.post<{ Params: { name: string }; Body: SendBody; Headers: { "idempotency-key"?: string } }>(
    "/gateways/:name/send",
    {
      schema: {
        summary: "Send a message through a gateway or a route",
        description:
          "The name may be a gateway's or a route's. Answers what the provider reported and every attempt, or 502 with the SmsError's code, message, retrySafe, deliveryUnknown and attempts. With an Idempotency-Key header a repeat answers the first outcome without sending; the same key with another request answers 409.",
        tags,
        params: nameParamsSchema,
        headers: {
          type: "object",
          properties: {
            "idempotency-key": {
              type: "string",
              minLength: 1,
              maxLength: 255,
              description: "Send at most once per key within 24 hours.",
            },
          },
        },
        body: {
          type: "object",
          properties: {
            to: { type: "string", minLength: 1, description: "Phone number (sms) or device token (push)." },
            message: { type: "string", description: "The text; the body of a push notification." },
            title: { type: "string", description: "A push notification's title." },
            data: { ...stringMapSchema, description: "A push message's data." },
            timeoutMs: {
              type: "integer",
              minimum: 1,
              maximum: 600000,
              description: "The deadline of the send in milliseconds (default 60000).",
            },
          },
          required: ["to", "message"],
          additionalProperties: false,
        },
        response: {
          200: sendResultSchema,
          404: notFound,
          409: { ...errorSchema, description: "The Idempotency-Key was used for another request." },
          422: { ...errorSchema, description: "The recipient or the gateway's definition is unusable." },
          429: {
            ...errorSchema,
            description: "The gateway's rate limit would pass the deadline (SMSKIT_E_RATE_LIMITED).",
          },
          502: { ...errorSchema, description: "The delivery failed; `code` says how." },
          503: { ...errorSchema, description: "The app is shutting down." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => {
      const { to, message, title, data, timeoutMs } = request.body;
      const idempotencyKey = request.headers["idempotency-key"];
      return app.demo.sends.track(
        smskit.send(
          request.params.name,
          to,
          {
            text: message,
            ...(title === undefined ? {} : { title }),
            ...(data === undefined ? {} : { data }),
          },
          {
            ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
          },
        ),
      );
    },
  );
}

/** Refuse a body whose `name` differs from the one in the path. */
export function assertSameName(pathName: string, bodyName: string | undefined): void {
  if (bodyName === undefined || bodyName === pathName) return;
  throw demoErrors.SMSKIT_E_REQUEST_INVALID.create(
    {
      problem: `the body names '${bodyName}' but the path names '${pathName}'; renaming is not supported: save under the new name and delete the old one`,
    },
    { issues: [{ key: "name", message: `must be '${pathName}' as in the path` }] },
  );
}

function gatewayNotFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_GATEWAY_NOT_FOUND.create(
    { target: `gateway '${name}'`, what: "not defined" },
    { gateway: name },
  );
}
