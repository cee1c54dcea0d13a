import { messageStatuses } from "@smskit/core";

const statusSchema = { type: "string", enum: messageStatuses, description: "The message's status." } as const;

/** One entry of a message's history. */
const changeSchema = {
  type: "object",
  properties: {
    status: statusSchema,
    at: { type: "string", format: "date-time", description: "When it happened." },
    source: {
      type: "string",
      enum: ["send", "receipt"],
      description: "The send's own outcome, or a receipt.",
    },
    part: {
      type: "string",
      description: "The gateway id of the part a receipt is about (multi-part messages).",
    },
    errorCode: { type: "string", description: "The gateway's or smskit's error code." },
    raw: { type: "string", description: "The receipt as received, recipient masked, text removed." },
    ignored: {
      type: "boolean",
      description: "Recorded, but the status did not change (a repeat, backwards, after a final one).",
    },
  },
  required: ["status", "at", "source"],
} as const;

/** A message of the log as the API shows it; never its text. */
export const messageSchema = {
  type: "object",
  properties: {
    id: { type: "string", description: "smskit's id (a ULID)." },
    target: { type: "string", description: "The gateway or route the send named." },
    gateway: { type: "string", description: "The gateway that took it (or was tried last)." },
    provider: { type: "string", description: "That gateway's provider." },
    to: { type: "string", description: "The recipient, masked to its last 4 digits unless kept in full." },
    status: statusSchema,
    messageIds: { type: "array", items: { type: "string" }, description: "The gateway's ids, one per part." },
    parts: { type: "integer", description: "How many SMS the text went as." },
    encoding: { type: "string", description: "How the text was encoded." },
    errorCode: { type: "string", description: "Why it failed or was not delivered." },
    createdAt: { type: "string", format: "date-time", description: "When it was sent." },
    updatedAt: { type: "string", format: "date-time", description: "When its record last changed." },
    history: {
      type: "array",
      items: changeSchema,
      description: "Every status change and receipt, oldest first.",
    },
  },
  required: ["id", "target", "status", "messageIds", "createdAt", "updatedAt", "history"],
} as const;

/** The query of `GET /api/messages`. */
export const messageQuerySchema = {
  type: "object",
  properties: {
    status: statusSchema,
    gateway: { type: "string", maxLength: 64, description: "Only messages sent through this gateway." },
    since: { type: "string", format: "date-time", description: "Only messages sent at or after this time." },
    limit: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: "At most this many, newest first.",
    },
  },
  additionalProperties: false,
} as const;
