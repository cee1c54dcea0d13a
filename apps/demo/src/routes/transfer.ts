import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { apiErrorResponses, errorSchema } from "../schemas.js";

/** A yes/no query parameter: 1, true, 0 or false. */
const flagSchema = { type: "string", enum: ["1", "true", "0", "false", ""] } as const;

const outcomeSchema = {
  type: "object",
  properties: {
    created: { type: "array", items: { type: "string" }, description: "Names that are new." },
    updated: { type: "array", items: { type: "string" }, description: "Names whose definition changed." },
    unchanged: { type: "array", items: { type: "string" }, description: "Names left as they were." },
  },
  required: ["created", "updated", "unchanged"],
} as const;

/** Export every definition as one document, and import smskit's or privacyIDEA's documents. */
export async function transferRoutes(app: FastifyInstance): Promise<void> {
  const { smskit } = app.demo;
  const tags = ["import-export"];

  app.get<{ Querystring: { censor?: string } }>(
    "/export",
    {
      schema: {
        summary: "Export every gateway and SMTP server",
        description: "Secrets are in clear text unless censor is set (then __CENSORED__).",
        tags,
        querystring: {
          type: "object",
          properties: {
            censor: { ...flagSchema, description: "Show secrets as __CENSORED__ (1 or true)." },
          },
        },
        response: {
          200: {
            type: "object",
            description: "smskit's export document: { smskit: 1, gateways: {…}, smtpServers: {…} }.",
            additionalProperties: true,
          },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => smskit.exportDefinitions({ censor: isSet(request.query.censor) }),
  );

  app.post<{ Querystring: { dryRun?: string }; Body: unknown }>(
    "/import",
    {
      schema: {
        summary: "Import definitions",
        description:
          "The body is smskit's export or privacyIDEA's gateway or configuration export. Validated whole and applied atomically; dryRun only reports.",
        tags,
        querystring: {
          type: "object",
          properties: {
            dryRun: { ...flagSchema, description: "Validate and report without writing (1 or true)." },
          },
        },
        body: { type: "object", description: "The document to import.", additionalProperties: true },
        response: {
          200: {
            type: "object",
            description: "What the import did (or, for a dry run, would do).",
            properties: {
              format: {
                type: "string",
                enum: ["smskit", "privacyidea-gateways", "privacyidea-config"],
                description: "The format the document was read as.",
              },
              dryRun: { type: "boolean", description: "Whether nothing was written." },
              gateways: outcomeSchema,
              smtpServers: outcomeSchema,
            },
            required: ["format", "dryRun", "gateways", "smtpServers"],
          },
          422: { ...errorSchema, description: "Refused as a whole; `issues` names every problem." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => smskit.importDefinitions(request.body, { dryRun: isSet(request.query.dryRun) }),
  );
}

function isSet(flag: string | undefined): boolean {
  return flag === "1" || flag === "true";
}
