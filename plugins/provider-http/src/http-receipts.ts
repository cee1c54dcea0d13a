import { createHmac, timingSafeEqual } from "node:crypto";
import {
  coreErrors,
  type ReceiptReport,
  type ReceiptRequest,
  type ReceiptStatus,
  type SmsError,
} from "@smskit/provider";
import type { HttpParameters } from "./http-settings.js";

const receiptStatuses: readonly ReceiptStatus[] = [
  "enroute",
  "delivered",
  "undelivered",
  "expired",
  "rejected",
  "unknown",
];

/**
 * How to find the message id in a gateway's answer (MESSAGE_ID_FIELD): a JSON pointer (`/sid`),
 * or `/regex/` with one capturing group for a text answer. Undefined when it is malformed.
 */
export function messageIdReader(
  field: string | undefined,
): ((body: string) => string | undefined) | undefined {
  if (field === undefined || field === "") return () => undefined;
  if (field.length > 2 && field.endsWith("/")) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(field.slice(1, -1));
    } catch {
      return undefined;
    }
    if (new RegExp(`${pattern.source}|`).exec("")?.length !== 2) return undefined;
    return (body) => pattern.exec(body)?.[1];
  }
  if (!field.startsWith("/")) return undefined;
  return (body) => {
    try {
      return scalar(pointer(JSON.parse(body), field));
    } catch {
      return undefined;
    }
  };
}

/** RECEIPT_STATUS_MAP as a map of lower-case vendor words; undefined when malformed. */
export function statusMap(value: unknown): Map<string, ReceiptStatus> | undefined {
  let parsed: unknown = value ?? {};
  if (typeof value === "string") {
    if (value.trim() === "") return new Map();
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const map = new Map<string, ReceiptStatus>();
  for (const [word, status] of Object.entries(parsed)) {
    if (!receiptStatuses.includes(status as ReceiptStatus)) return undefined;
    map.set(word.toLowerCase(), status as ReceiptStatus);
  }
  return map;
}

/** The reader of one gateway's status callbacks. */
export function receiptReader(
  gateway: string,
  parameters: HttpParameters,
): (request: ReceiptRequest) => readonly ReceiptReport[] {
  const words = statusMap(parameters.RECEIPT_STATUS_MAP) ?? new Map();
  const idField = parameters.RECEIPT_ID_FIELD ?? "id";
  const statusField = parameters.RECEIPT_STATUS_FIELD ?? "status";
  return (request) => {
    const fields = callbackFields(request);
    if (parameters.RECEIPT_SIGNATURE === "twilio")
      checkTwilioSignature(gateway, request, fields, parameters.PASSWORD ?? "");
    const messageId = scalar(field(fields, idField));
    const word = scalar(field(fields, statusField));
    if (messageId === undefined || word === undefined) {
      throw refused(gateway, `the callback has no ${messageId === undefined ? idField : statusField} field`);
    }
    const errorCode = parameters.RECEIPT_ERROR_FIELD
      ? scalar(field(fields, parameters.RECEIPT_ERROR_FIELD))
      : undefined;
    const lower = word.toLowerCase();
    const status =
      words.get(lower) ??
      (receiptStatuses.includes(lower as ReceiptStatus) ? (lower as ReceiptStatus) : "unknown");
    return [{ messageId, status, ...(errorCode ? { errorCode } : {}), raw: `${statusField}=${word}` }];
  };
}

interface CallbackFields {
  /** Form and query fields (the form's win), for field names and Twilio's signature. */
  readonly flat: Readonly<Record<string, string>>;
  /** The JSON body, when it is one. */
  readonly json: unknown;
  /** The form fields alone (what Twilio signs). */
  readonly form: Readonly<Record<string, string>>;
}

function callbackFields(request: ReceiptRequest): CallbackFields {
  const query = Object.fromEntries(new URL(request.url, "http://callback.invalid").searchParams);
  const type = (request.headers["content-type"] ?? "").toLowerCase();
  let json: unknown;
  let form: Record<string, string> = {};
  if (type.includes("json")) {
    try {
      json = JSON.parse(request.body);
    } catch {
      json = undefined;
    }
  } else if (request.body !== "") {
    form = Object.fromEntries(new URLSearchParams(request.body));
  }
  return { flat: { ...query, ...form }, json, form };
}

function field(fields: CallbackFields, name: string): unknown {
  if (name.startsWith("/")) return fields.json === undefined ? undefined : pointer(fields.json, name);
  if (fields.json !== null && typeof fields.json === "object" && Object.hasOwn(fields.json, name)) {
    return (fields.json as Record<string, unknown>)[name];
  }
  return fields.flat[name];
}

/** Twilio's X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, of the URL and the sorted form fields. */
function checkTwilioSignature(
  gateway: string,
  request: ReceiptRequest,
  fields: CallbackFields,
  authToken: string,
): void {
  const given = request.headers["x-twilio-signature"];
  if (given === undefined || authToken === "")
    throw refused(gateway, "the callback has no valid X-Twilio-Signature");
  const signed =
    request.url +
    Object.keys(fields.form)
      .sort()
      .map((key) => key + fields.form[key])
      .join("");
  const expected = createHmac("sha1", authToken).update(signed, "utf8").digest();
  const presented = Buffer.from(given, "base64");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw refused(gateway, "the callback's X-Twilio-Signature is wrong");
  }
}

function pointer(document: unknown, path: string): unknown {
  let current = document;
  for (const raw of path.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function refused(gateway: string, why: string): SmsError {
  return coreErrors.SMSKIT_E_RECEIPT_REFUSED.create({ gateway, why: `${why}; nothing changed` }, { gateway });
}
