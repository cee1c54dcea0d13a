/**
 * The shapes the API answers with, taken from the packages and server modules that produce
 * them; the browser code names them in JSDoc (`@typedef {import("…/api-types.js").X}`). Types only,
 * never served.
 */
export type {
  GatewayHealth,
  GatewayPolicies,
  ImportReport,
  MessageAnalysis,
  MessageView,
  ProviderInfo,
  RouteDefinition,
  SendResult,
  SmtpServerDefinition,
  StatusEvent,
} from "@smskit/core";
export type {
  ParametersSchema,
  PropertySchema,
  ProviderPreset,
  SendAttempt,
  ValidationIssue,
} from "@smskit/provider";
export type { BulkJobState } from "../../src/bulk-jobs.js";
export type { ErrorBody } from "../../src/error-reply.js";
export type { GatewayView } from "../../src/gateway-view.js";
export type { SandboxMessage } from "../../src/sandbox.js";
