/** JSON schemas of routes, gateway policies, health and send attempts, for the API and its OpenAPI document. */

/** A gateway's policies (`PUT /api/gateways/:name` and its read). */
export const policiesSchema = {
  type: "object",
  description: "Per-gateway sending policies, for any provider.",
  properties: {
    rateLimit: {
      type: "number",
      minimum: 1,
      maximum: 100000,
      description: "At most this many messages per second.",
    },
    retries: {
      type: "integer",
      minimum: 0,
      maximum: 10,
      description:
        "Retries of a definitely failed send, with backoff, within the deadline; never after an unknown outcome.",
    },
    breaker: {
      type: "object",
      description:
        "Skip the gateway after `failures` definite failures in a row within `windowSeconds`, for `cooldownSeconds`.",
      properties: {
        failures: {
          type: "integer",
          minimum: 1,
          maximum: 1000,
          description: "Consecutive definite failures that open the circuit.",
        },
        windowSeconds: {
          type: "number",
          minimum: 1,
          maximum: 86400,
          description: "The window the failures fall in.",
        },
        cooldownSeconds: {
          type: "number",
          minimum: 0.1,
          maximum: 86400,
          description: "How long the circuit stays open before one probe.",
        },
      },
      required: ["failures", "windowSeconds", "cooldownSeconds"],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** One gateway a send considered. */
export const attemptSchema = {
  type: "object",
  description: "One gateway a send considered and what happened there.",
  properties: {
    gateway: { type: "string", description: "The gateway." },
    outcome: {
      type: "string",
      enum: ["sent", "failed", "unknown", "skipped"],
      description:
        "sent; failed (definitely not delivered); unknown (may have been delivered); skipped (circuit open).",
    },
    code: { type: "string", description: "The error code of a failed or unknown attempt." },
    reason: { type: "string", description: "Why it failed or was skipped." },
    tries: { type: "integer", description: "How many sends the gateway was given (1 plus retries)." },
  },
  required: ["gateway", "outcome"],
} as const;

/** Every attempt of a send. */
export const attemptsSchema = {
  type: "array",
  items: attemptSchema,
  description: "Every gateway the send considered, in order.",
} as const;

/** A gateway's health in this server process. */
export const gatewayHealthSchema = {
  type: "object",
  description: "A gateway's health: its circuit breaker, when it has one.",
  properties: {
    gateway: { type: "string", description: "The gateway." },
    breaker: {
      type: "object",
      description: "The circuit breaker's state.",
      properties: {
        state: {
          type: "string",
          enum: ["closed", "open", "half-open"],
          description: "closed: sends go; open: skipped; half-open: one probe decides.",
        },
        consecutiveFailures: {
          type: "integer",
          description: "Definite failures in a row within the window.",
        },
        openUntil: { type: "string", description: "When an open circuit lets its probe through." },
        lastFailureAt: { type: "string", description: "When the last definite failure happened." },
      },
      required: ["state", "consecutiveFailures"],
    },
  },
  required: ["gateway"],
} as const;

const strategySchema = {
  type: "string",
  enum: ["failover", "round-robin", "weighted"],
  description:
    "failover: in order; round-robin: each send starts at the next gateway; weighted: the start drawn by weight. All fail over in order.",
} as const;

const onUnknownSchema = {
  type: "string",
  enum: ["stop", "continue"],
  description: "After an unknown outcome: stop (never a duplicate) or continue with the next gateway.",
} as const;

const routeGatewaySchema = {
  type: "object",
  description: "A gateway of the route.",
  properties: {
    name: { type: "string", description: "The gateway's name." },
    weight: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      description: "Its share of first attempts (weighted).",
    },
  },
  required: ["name"],
  additionalProperties: false,
} as const;

const prefixSchema = {
  type: "object",
  description:
    "Recipients starting with `prefix` ('+' and '00' alike) go to these gateways; the longest prefix wins.",
  properties: {
    prefix: { type: "string", description: "Digits after an optional + or 00, e.g. +49." },
    gateways: { type: "array", items: { type: "string" }, description: "The gateways, in order." },
  },
  required: ["prefix", "gateways"],
  additionalProperties: false,
} as const;

/** A stored route. */
export const routeSchema = {
  type: "object",
  description: "A route: a send target over gateways.",
  properties: {
    name: { type: "string", description: "Unique among gateways and routes." },
    description: { type: "string", description: "What the route is for." },
    strategy: strategySchema,
    gateways: { type: "array", items: routeGatewaySchema, description: "The gateways, in order." },
    prefixes: { type: "array", items: prefixSchema, description: "Prefix rules." },
    onUnknown: onUnknownSchema,
    revision: { type: "integer", description: "Starts at 1, grows by one with every save." },
    updatedAt: { type: "string", description: "ISO timestamp of the last save." },
  },
  required: ["name", "description", "strategy", "gateways", "prefixes", "onUnknown", "revision", "updatedAt"],
} as const;

/** The body of `PUT /api/routes/:name`. */
export const routeInputSchema = {
  type: "object",
  description: "A route to save; every gateway it names must exist, and none may be a route.",
  properties: {
    description: { type: "string", description: "What the route is for." },
    strategy: strategySchema,
    gateways: {
      type: "array",
      minItems: 1,
      items: { anyOf: [{ type: "string" }, routeGatewaySchema] },
      description: "The gateways in order: names or { name, weight }.",
    },
    prefixes: { type: "array", items: prefixSchema, description: "Prefix rules." },
    onUnknown: onUnknownSchema,
    expectedRevision: {
      type: "integer",
      minimum: 1,
      description: "Save only if still at this revision (409 otherwise).",
    },
    name: { type: "string", description: "Ignored when equal to the name in the path; refused otherwise." },
    revision: { type: "integer", description: "Ignored (as read with GET)." },
    updatedAt: { type: "string", description: "Ignored (as read with GET)." },
  },
  required: ["gateways"],
  additionalProperties: false,
} as const;
