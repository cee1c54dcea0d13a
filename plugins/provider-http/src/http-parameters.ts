/**
 * The parameters of an HTTP gateway, named exactly as privacyIDEA names them so that exported
 * privacyIDEA definitions import unchanged. The single source of truth: validation, the
 * TypeScript type of the parameters, the CLI help and the docs page all come from here.
 */
export const httpParameters = {
  type: "object",
  properties: {
    URL: {
      type: "string",
      format: "http-url",
      description:
        "The gateway endpoint (http:// or https://). A `user:password@` in it means HTTP basic authentication; USERNAME/PASSWORD take precedence.",
      examples: ["https://api.example.com/sms/send"],
    },
    HTTP_METHOD: {
      type: "string",
      enum: ["GET", "POST"],
      description:
        "GET sends the options as query parameters; POST sends them as a form body (or a JSON body with SEND_DATA_AS_JSON).",
    },
    SEND_DATA_AS_JSON: {
      type: "boolean",
      default: false,
      description: "With POST: send the options as a JSON object instead of an HTML form (yes/no).",
    },
    CHECK_SSL: {
      type: "boolean",
      default: true,
      description:
        "Verify the gateway's TLS certificate (yes/no). Turning it off affects only this gateway; use it only for a gateway you reach over a trusted network.",
    },
    USERNAME: {
      type: "string",
      description: "The user name for HTTP basic authentication.",
    },
    PASSWORD: {
      type: "string",
      writeOnly: true,
      description: "The password for HTTP basic authentication (secret: stored encrypted, never shown).",
    },
    PROXY: {
      type: "string",
      format: "http-url",
      description:
        "A forward proxy for every request of this gateway (legacy); HTTP_PROXY and HTTPS_PROXY take precedence for their scheme.",
      examples: ["http://proxy.example.com:3128"],
    },
    HTTP_PROXY: {
      type: "string",
      format: "http-url",
      description: "The forward proxy for an http:// URL (the request is forwarded in absolute form).",
    },
    HTTPS_PROXY: {
      type: "string",
      format: "http-url",
      description: "The forward proxy for an https:// URL (reached through a CONNECT tunnel).",
    },
    REGEXP: {
      type: "string",
      format: "phone-rewrite",
      description:
        "Rewrite the recipient number before sending, written /pattern/replacement/: /[\\+/]// removes plus signs and slashes, /^0/49/ replaces a leading zero.",
      examples: ["/[\\+/]//", "/^0/49/"],
    },
    RETURN_SUCCESS: {
      type: "string",
      description: "Text that must occur in the gateway's response body for the message to count as sent.",
      examples: ["ID", "200 OK"],
    },
    RETURN_FAIL: {
      type: "string",
      description:
        "Text that, when it occurs in the gateway's response body, means the message was not sent.",
      examples: ["ERR"],
    },
    TIMEOUT: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 86400,
      default: 3,
      description:
        "Seconds to wait for the connection and the complete response (default 3, at most 86400); after that the send fails and it is not known whether the gateway accepted the message.",
    },
    PARAMETER: {
      // An object or its JSON text; the docs and the demo's form show the alternatives as "object or string".
      anyOf: [{ type: "object" }, { type: "string" }],
      description:
        'Fixed extra parameters sent with every request, as a JSON object (e.g. {"api_id": "1234"}); given as an object or as JSON text.',
      examples: ['{"api_id": "1234"}'],
    },
    MESSAGE_ID_FIELD: {
      type: "string",
      description:
        "Where the gateway's message id is in its answer: a JSON pointer such as /sid for a JSON answer, or /regex-with-one-group/ for a text answer (e.g. /ID: (\\w+)/). Status callbacks are matched by it.",
      examples: ["/sid", "/ID: (\\w+)/"],
    },
    RECEIPTS: {
      type: "boolean",
      default: false,
      description:
        "Take status callbacks from the gateway (yes/no): the application mounts smskit's handleReceipt at a URL the gateway calls (the demo app shows it as receiptUrl).",
    },
    RECEIPT_ID_FIELD: {
      type: "string",
      description:
        "The callback's field with the message id (form, JSON or query field; a JSON pointer such as /data/id for nested JSON).",
      examples: ["MessageSid", "id"],
    },
    RECEIPT_STATUS_FIELD: {
      type: "string",
      description:
        "The callback's field with the status word (form, JSON or query field, or a JSON pointer).",
      examples: ["MessageStatus", "status"],
    },
    RECEIPT_ERROR_FIELD: {
      type: "string",
      description: "The callback's field with the gateway's error code, if it sends one.",
      examples: ["ErrorCode"],
    },
    RECEIPT_STATUS_MAP: {
      anyOf: [{ type: "object" }, { type: "string" }],
      description:
        'A JSON object from the gateway\'s status words to smskit\'s (enroute, delivered, undelivered, expired, rejected, unknown), e.g. {"DELIVRD": "delivered"}; words it leaves out are looked up as smskit statuses, anything else counts as unknown (recorded, no change).',
      examples: ['{"sent": "enroute", "delivered": "delivered", "failed": "rejected"}'],
    },
    RECEIPT_SIGNATURE: {
      type: "string",
      enum: ["none", "twilio"],
      default: "none",
      description:
        "How a callback proves it comes from the gateway: none (the secret URL alone), or twilio (X-Twilio-Signature: HMAC-SHA1 of the callback URL and the sorted form fields, keyed with PASSWORD, the auth token).",
    },
    RECEIPT_SECRET: {
      type: "string",
      writeOnly: true,
      description:
        "The secret part of this gateway's callback URL (secret: stored encrypted). The demo app generates it when RECEIPTS is turned on.",
    },
  },
  required: ["URL", "HTTP_METHOD"],
  additionalProperties: false,
} as const;

/** The names of every HTTP parameter. */
export type HttpParameterName = keyof typeof httpParameters.properties;
