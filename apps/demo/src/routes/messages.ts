import type { MessageStatus, StatusEvent } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { messageQuerySchema, messageSchema } from "../message-schemas.js";
import { apiErrorResponses, errorSchema } from "../schemas.js";

const notFound = { ...errorSchema, description: "No message with that id (SMSKIT_E_MESSAGE_NOT_FOUND)." };

/** How often a quiet event stream gets a comment, so that proxies keep it open. */
const keepAliveMs = 15_000;

/** The message log: list, read one, and a server-sent-events stream of status changes. */
export async function messageRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  const tags = ["messages"];
  /** The open event streams: ended when the server closes. */
  const streams = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const stop of streams) stop();
  });

  app.get<{ Querystring: { status?: MessageStatus; gateway?: string; since?: string; limit?: number } }>(
    "/messages",
    {
      schema: {
        summary: "List the message log, newest first",
        description: "Texts are never kept; recipients are masked to their last 4 digits.",
        tags,
        querystring: messageQuerySchema,
        response: { 200: { type: "array", items: messageSchema }, ...apiErrorResponses },
      },
    },
    async (request) => {
      const { status, gateway, since, limit } = request.query;
      return smskit.messages({
        status,
        gateway,
        since: since === undefined ? undefined : Date.parse(since),
        limit,
      });
    },
  );

  app.get(
    "/messages/events",
    {
      schema: {
        summary: "Status changes as server-sent events",
        description:
          "One `status` event per change, its data `{ id, gateway, status, previous, change }` as JSON. Send the admin token as for every /api route (read it with fetch; EventSource cannot send it).",
        tags,
        produces: ["text/event-stream"],
        response: {
          200: { type: "string", description: "An event stream that stays open." },
          ...apiErrorResponses,
        },
      },
    },
    async (request, reply) => {
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      stream.write(": smskit status changes\n\n");
      const listener = (event: StatusEvent) => {
        stream.write(`event: status\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const keepAlive = setInterval(() => stream.write(": keep-alive\n\n"), keepAliveMs);
      smskit.on("status", listener);
      const stop = () => {
        streams.delete(stop);
        clearInterval(keepAlive);
        smskit.off("status", listener);
        if (!stream.writableEnded) stream.end();
      };
      streams.add(stop);
      request.raw.on("close", stop);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/messages/:id",
    {
      schema: {
        summary: "Read a message: its status and history",
        tags,
        params: {
          type: "object",
          properties: { id: { type: "string", maxLength: 64, description: "The message's id." } },
          required: ["id"],
        },
        response: { 200: messageSchema, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request) => {
      const message = await smskit.status(request.params.id);
      if (!message) {
        throw coreErrors.SMSKIT_E_MESSAGE_NOT_FOUND.create({
          id: request.params.id,
          hint: "(never sent, or pruned)",
        });
      }
      return message;
    },
  );
}
