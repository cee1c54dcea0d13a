import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { apiErrorResponses } from "../schemas.js";

/** One provider as `smskit providers --json` prints it. */
const providerSchema = {
  type: "object",
  description: "An installed provider: what it is and the JSON Schema of its parameters.",
  properties: {
    id: { type: "string", description: "The id gateway definitions name." },
    kind: {
      type: "string",
      enum: ["sms", "push"],
      description: "sms: a phone number; push: a device token.",
    },
    package: { type: ["string", "null"], description: "The npm package it came from." },
    version: { type: ["string", "null"], description: "The package's version." },
    displayName: { type: "string", description: "A short human name." },
    description: { type: "string", description: "What the provider talks to." },
    docsUrl: { type: ["string", "null"], description: "Where its documentation lives." },
    parameters: {
      type: "object",
      additionalProperties: true,
      description: "JSON Schema (2020-12) of the fixed parameters; secrets are writeOnly.",
    },
    optionsAllowed: { type: "boolean", description: "Whether free options are accepted." },
    headersAllowed: { type: "boolean", description: "Whether HTTP headers are accepted." },
    legacyNames: { type: "array", items: { type: "string" }, description: "Other names it answers to." },
    presets: {
      type: "array",
      description: "Named partial definitions to start from.",
      items: {
        type: "object",
        properties: {
          name: { type: "string", description: "The preset's name." },
          description: { type: "string", description: "What it is for and what is left to fill in." },
          parameters: { type: "object", additionalProperties: true, description: "Parameters it sets." },
          options: {
            type: "object",
            additionalProperties: { type: "string" },
            description: "Options it sets.",
          },
          headers: {
            type: "object",
            additionalProperties: { type: "string" },
            description: "Headers it sets.",
          },
          secretOptions: {
            type: "array",
            items: { type: "string" },
            description: "Options it marks secret.",
          },
          secretHeaders: {
            type: "array",
            items: { type: "string" },
            description: "Headers it marks secret.",
          },
        },
        required: ["name", "description"],
        additionalProperties: true,
      },
    },
  },
  required: [
    "id",
    "kind",
    "displayName",
    "description",
    "parameters",
    "optionsAllowed",
    "headersAllowed",
    "legacyNames",
    "presets",
  ],
  additionalProperties: true,
} as const;

/** `GET /api/providers`: every provider the app discovered, presets included. */
export async function providerRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/providers",
    {
      schema: {
        summary: "List the installed providers",
        tags: ["providers"],
        response: { 200: { type: "array", items: providerSchema }, ...apiErrorResponses },
      },
    },
    async () => app.demo.smskit.providers(),
  );
}
