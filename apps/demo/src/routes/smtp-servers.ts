import {
  type ConfigurationError,
  type SmtpServerDefinition,
  type SmtpServerInput,
  smtpServerSchema as smtpServerFields,
} from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import {
  apiErrorResponses,
  errorSchema,
  nameParamsSchema,
  smtpServerInputSchema,
  smtpServerSchema,
} from "../schemas.js";
import { assertSameName } from "./gateways.js";

/** The body of `PUT /api/smtp-servers/:name`. */
type SmtpServerBody = Partial<Omit<SmtpServerInput, "name">> & { expectedRevision?: number; name?: string };

const notFound = {
  ...errorSchema,
  description: "No SMTP server with that name (SMSKIT_E_SMTP_SERVER_NOT_FOUND).",
};

/** Central SMTP server definitions (used by the SMTP provider): list, read, save, delete; the password censored. */
export async function smtpServerRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  const tags = ["smtp-servers"];

  app.get(
    "/smtp-servers",
    {
      schema: {
        summary: "List the SMTP servers",
        tags,
        response: { 200: { type: "array", items: smtpServerSchema }, ...apiErrorResponses },
      },
    },
    async () => (await smskit.listSmtpServers()).map(showable),
  );

  app.get(
    "/schemas/smtp-server",
    {
      schema: {
        summary: "The JSON Schema of an SMTP server definition's fields",
        description: "What the web UI generates the SMTP server form from (core's smtpServerSchema).",
        tags,
        response: {
          200: { type: "object", additionalProperties: true, description: "A JSON Schema object." },
          ...apiErrorResponses,
        },
      },
    },
    async () => smtpServerFields,
  );

  app.get<{ Params: { name: string } }>(
    "/smtp-servers/:name",
    {
      schema: {
        summary: "Read an SMTP server",
        tags,
        params: nameParamsSchema,
        response: { 200: smtpServerSchema, 404: notFound, ...apiErrorResponses },
      },
    },
    async (request) => {
      const server = await smskit.getSmtpServer(request.params.name);
      if (!server) throw smtpServerNotFound(request.params.name);
      return showable(server);
    },
  );

  app.put<{ Params: { name: string }; Body: SmtpServerBody }>(
    "/smtp-servers/:name",
    {
      schema: {
        summary: "Create or replace an SMTP server",
        description:
          "Gateways that use it pick the change up. A refused definition answers 422 with every issue.",
        tags,
        params: nameParamsSchema,
        body: smtpServerInputSchema,
        response: {
          200: smtpServerSchema,
          409: { ...errorSchema, description: "expectedRevision is not the stored revision." },
          422: { ...errorSchema, description: "The definition is invalid; `issues` names every problem." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      const {
        expectedRevision,
        name: bodyName,
        revision,
        updatedAt,
        ...fields
      } = request.body as SmtpServerBody & {
        revision?: number;
        updatedAt?: string;
      };
      assertSameName(name, bodyName);
      const saved = await smskit.saveSmtpServer(
        { ...fields, name, host: fields.host ?? "", sender: fields.sender ?? "" },
        expectedRevision === undefined ? {} : { expectedRevision },
      );
      return showable(saved);
    },
  );

  app.delete<{ Params: { name: string } }>(
    "/smtp-servers/:name",
    {
      schema: {
        summary: "Delete an SMTP server",
        description: "Refused with 409 (SMSKIT_E_SMTP_SERVER_IN_USE) while gateways use it.",
        tags,
        params: nameParamsSchema,
        response: {
          204: { type: "null", description: "Deleted." },
          404: notFound,
          409: { ...errorSchema, description: "Gateways still use it." },
          ...apiErrorResponses,
        },
      },
    },
    async (request, reply) => {
      if (!(await smskit.deleteSmtpServer(request.params.name))) {
        throw smtpServerNotFound(request.params.name);
      }
      return reply.status(204).send();
    },
  );
}

function showable(server: SmtpServerDefinition) {
  return { ...server };
}

function smtpServerNotFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_SMTP_SERVER_NOT_FOUND.create({ server: `SMTP server '${name}'`, hint: "" });
}
