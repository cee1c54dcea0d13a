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

/** The body of `POST /api/import`. */
interface ImportBody {
  document: Record<string, unknown>;
  dryRun?: boolean;
}

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
          422: { ...errorSchema, description: "censor is not 1, true, 0 or false." },
          ...apiErrorResponses,
        },
      },
    },
    async (request) => smskit.exportDefinitions({ censor: isSet(request.query.censor) }),
  );

  app.post<{ Body: ImportBody }>(
    "/import",
    {
      schema: {
        summary: "Import definitions",
        description:
          "`document` is smskit's export or privacyIDEA's gateway or configuration export. Validated whole and applied atomically; with `dryRun` it only reports.",
        tags,
        body: {
          type: "object",
          properties: {
            document: {
              type: "object",
              additionalProperties: true,
              description: "The document to import (as GET /api/export answers it, or privacyIDEA's export).",
            },
            dryRun: {
              type: "boolean",
              description: "Validate and report what would change without writing anything (default false).",
            },
          },
          required: ["document"],
          additionalProperties: false,
        },
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
    async (request) =>
      smskit.importDefinitions(request.body.document, { dryRun: request.body.dryRun === true }),
  );
}

function isSet(flag: string | undefined): boolean {
  return flag === "1" || flag === "true";
}
