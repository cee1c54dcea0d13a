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
      // `type: ["object", "string"]` once core's schema compiler allows union types; same meaning.
      anyOf: [{ type: "object" }, { type: "string" }],
      description:
        'Fixed extra parameters sent with every request, as a JSON object (e.g. {"api_id": "1234"}); given as an object or as JSON text.',
      examples: ['{"api_id": "1234"}'],
    },
  },
  required: ["URL", "HTTP_METHOD"],
  additionalProperties: false,
} as const;

/** The names of every HTTP parameter. */
export type HttpParameterName = keyof typeof httpParameters.properties;
