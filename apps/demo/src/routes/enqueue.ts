import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { apiErrorResponses, errorSchema } from "../schemas.js";

interface EnqueueBody {
  target: string;
  to: string;
  text: string;
  ttlSeconds?: number;
  idempotencyKey?: string;
  priority?: number;
}

const enqueueBodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    target: { type: "string", minLength: 1, maxLength: 200, description: "A gateway or a route." },
    to: { type: "string", minLength: 1, maxLength: 4096, description: "The recipient." },
    text: {
      type: "string",
      maxLength: 65536,
      description: "The message text; kept in the queue only until sent.",
    },
    ttlSeconds: {
      type: "integer",
      minimum: 1,
      maximum: 2_592_000,
      description: "Send within this many seconds or not at all (the message becomes expired).",
    },
    idempotencyKey: {
      type: "string",
      minLength: 1,
      maxLength: 255,
      description: "Enqueue at most once per key: a repeat gets the first message's id.",
    },
    priority: { type: "integer", minimum: -1_000_000, maximum: 1_000_000, description: "Higher goes first." },
  },
  required: ["target", "to", "text"],
} as const;

const acceptedSchema = {
  type: "object",
  properties: {
    id: { type: "string", description: "The message's id: follow it with GET /api/messages/{id}." },
    status: { type: "string", enum: ["queued"], description: "Where it stands: queued for a worker." },
  },
  required: ["id", "status"],
} as const;

const noQueue = {
  ...errorSchema,
  description: "The app runs without the durable queue (a PostgreSQL store) (SMSKIT_E_QUEUE_UNAVAILABLE).",
};

/** `POST /api/messages`: put a message in the durable queue; a worker of any instance sends it. */
export async function enqueueRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  app.post<{ Body: EnqueueBody }>(
    "/messages",
    {
      schema: {
        summary: "Enqueue a message: answered at once with its id, sent by a worker",
        description:
          "The message is stored durably and answered 202 with its id (status queued); a worker of this or another instance sends it at most once. Needs a PostgreSQL store.",
        tags: ["messages"],
        body: enqueueBodySchema,
        response: { 202: acceptedSchema, 404: errorSchema, 503: noQueue, ...apiErrorResponses },
      },
    },
    async (request, reply) => {
      const { target, to, text, ttlSeconds, idempotencyKey, priority } = request.body;
      const id = await smskit.enqueue(target, to, text, {
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(priority === undefined ? {} : { priority }),
      });
      return reply.status(202).send({ id, status: "queued" });
    },
  );
}
