import { analyzeMessage } from "@smskit/core";
import type { FastifyInstance } from "fastify";
import type {} from "../demo-context.js";
import { apiErrorResponses } from "../schemas.js";

/** The longest text the preview analyses: 255 parts of 153 septets. */
const maximumTextLength = 255 * 153;

const occurrences = {
  type: "array",
  items: {
    type: "object",
    properties: {
      character: { type: "string", description: "The character (a surrogate pair is one)." },
      codePoint: { type: "string", description: "Its code point, e.g. U+2019." },
      positions: {
        type: "array",
        items: { type: "integer" },
        description: "Where it occurs, counted in characters from 1.",
      },
    },
    required: ["character", "codePoint", "positions"],
  },
} as const;

const analysisSchema = {
  type: "object",
  description: "What the text takes as SMS (the same facts as `smskit inspect --json`).",
  properties: {
    encoding: { type: "string", enum: ["gsm7", "ucs2"], description: "GSM 03.38 7-bit or UCS-2." },
    length: { type: "integer", description: "Septets (gsm7) or UTF-16 code units (ucs2)." },
    unit: { type: "string", enum: ["septets", "code units"], description: "The unit of length." },
    characters: { type: "integer", description: "Characters (code points)." },
    parts: { type: "integer", description: "SMS parts." },
    perPart: { type: "integer", description: "Room per part: 160/153 septets or 70/67 code units." },
    partLengths: { type: "array", items: { type: "integer" }, description: "Each part's length." },
    remaining: { type: "integer", description: "Room left in the last part." },
    tooLong: { type: "boolean", description: "More than 255 parts." },
    forcingUcs2: { ...occurrences, description: "Characters outside the GSM alphabet." },
    extensionCharacters: { ...occurrences, description: "GSM extension characters (two septets each)." },
    suggestions: {
      type: "array",
      description: "GSM 7-bit look-alikes for characters that force UCS-2.",
      items: {
        type: "object",
        properties: {
          ...occurrences.items.properties,
          replacement: { type: "string", description: "What to put in its place (empty: remove it)." },
        },
        required: ["character", "codePoint", "positions", "replacement"],
      },
    },
    withSuggestions: {
      type: "object",
      description: "The text with every suggestion applied, and what it takes then.",
      properties: {
        text: { type: "string", description: "The text with the look-alikes." },
        encoding: { type: "string", enum: ["gsm7", "ucs2"], description: "Its encoding." },
        parts: { type: "integer", description: "Its parts." },
      },
      required: ["text", "encoding", "parts"],
    },
  },
  required: [
    "encoding",
    "length",
    "unit",
    "characters",
    "parts",
    "perPart",
    "partLengths",
    "remaining",
    "tooLong",
    "forcingUcs2",
    "extensionCharacters",
    "suggestions",
  ],
} as const;

/** `POST /api/inspect`: the encoding preview of the send dialog; sends nothing. */
export async function inspectRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { text: string } }>(
    "/inspect",
    {
      schema: {
        summary: "Analyse an SMS text: encoding, length, parts and the characters that force UCS-2",
        tags: ["send"],
        body: {
          type: "object",
          properties: {
            text: { type: "string", maxLength: maximumTextLength, description: "The message text." },
          },
          required: ["text"],
          additionalProperties: false,
        },
        response: { 200: analysisSchema, ...apiErrorResponses },
      },
    },
    async (request) => analyzeMessage(request.body.text),
  );
}
