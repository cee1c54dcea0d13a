import type { ParametersOf, TemplateValue } from "@smskit/provider";
import type { httpParameters } from "./http-parameters.js";

/** The parameters of an HTTP gateway as the provider receives them (validated, defaults applied). */
export type HttpParameters = ParametersOf<typeof httpParameters>;

/** Keep-alive connections one gateway opens at most; further sends wait for a free one. */
export const connectionsPerGateway = 32;

/** The largest response body read; the rest is discarded (RETURN_SUCCESS/RETURN_FAIL look at this much). */
export const maximumBodyBytes = 1024 * 1024;

/**
 * The JSON object of fixed extra parameters (PARAMETER), given as an object or as JSON text.
 * Returns undefined when it is not a JSON object.
 */
export function parseFixedParameters(value: unknown): Record<string, TemplateValue> | undefined {
  if (value === undefined) return {};
  let parsed: unknown = value;
  if (typeof value === "string") {
    if (value.trim() === "") return {};
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  return parsed as Record<string, TemplateValue>;
}
