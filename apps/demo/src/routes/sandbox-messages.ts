import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { apiErrorResponses } from "../schemas.js";

const messageSchema = {
  type: "object",
  description: "One request the sandbox endpoint received.",
  properties: {
    id: { type: "string", description: "sandbox-1, sandbox-2, …" },
    receivedAt: { type: "string", description: "ISO timestamp of the arrival." },
    method: { type: "string", description: "GET or POST." },
    to: { type: "string", description: "The recipient, from a field named to, phone, recipient or number." },
    text: { type: "string", description: "The text, from a field named text, message, body or msg." },
    fields: { type: "object", additionalProperties: true, description: "Every field received." },
    contentType: { type: "string", description: "The body's content type." },
  },
  required: ["id", "receivedAt", "method", "fields"],
} as const;

/** The sandbox inbox: what the app's own `/sandbox/sms` endpoint received, newest first. */
export async function sandboxMessageRoutes(app: FastifyInstance): Promise<void> {
  const tags = ["sandbox"];
  app.get(
    "/sandbox/messages",
    {
      schema: {
        summary: "The sandbox inbox",
        description:
          "The last messages (at most 50) the sandbox endpoint received, newest first; kept in memory.",
        tags,
        response: { 200: { type: "array", items: messageSchema }, ...apiErrorResponses },
      },
    },
    async () => app.demo.inbox.list(),
  );
  app.delete(
    "/sandbox/messages",
    {
      schema: {
        summary: "Empty the sandbox inbox",
        tags,
        response: { 204: { type: "null", description: "Emptied." }, ...apiErrorResponses },
      },
    },
    async (_request, reply) => {
      app.demo.inbox.clear();
      return reply.status(204).send();
    },
  );
}
