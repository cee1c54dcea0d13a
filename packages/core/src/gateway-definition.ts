import type { GatewayPolicies } from "./gateway-policies.js";

/** A gateway as a user writes it: which provider, and its parameters, options and headers. */
export interface GatewayInput {
  /** Unique name, e.g. `otp-primary`: letters, digits, `.`, `_`, `-`; 1 to 64 characters. */
  name: string;
  /** The id of the provider (`http`, `smpp`, …) or one of its legacy names. */
  provider: string;
  /** What the gateway is for. */
  description?: string;
  /** Fixed parameters, as the provider's schema describes them. */
  parameters?: Record<string, unknown>;
  /** Free options (only for providers that allow them); values may contain `{phone}` / `{otp}`. */
  options?: Record<string, string>;
  /** HTTP headers (only for providers that allow them). */
  headers?: Record<string, string>;
  /** Options to treat as secrets besides those whose key contains PASSWORD, SECRET, TOKEN or KEY. */
  secretOptions?: readonly string[];
  /** Headers to treat as secrets besides those whose key contains PASSWORD, SECRET, TOKEN or KEY. */
  secretHeaders?: readonly string[];
  /** Rate limit, retries and circuit breaker, for any provider. */
  policies?: GatewayPolicies;
}

/** A stored gateway definition. */
export interface GatewayDefinition {
  readonly name: string;
  readonly provider: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Options the user flagged secret. */
  readonly secretOptions: readonly string[];
  /** Headers the user flagged secret. */
  readonly secretHeaders: readonly string[];
  /** Rate limit, retries and circuit breaker; absent when none are set. */
  readonly policies?: GatewayPolicies;
  /** Starts at 1 and grows by one with every save. */
  readonly revision: number;
  /** ISO timestamp of the last save. */
  readonly updatedAt: string;
}

/** Gateway names: what a URL path segment, a shell argument and a metric label all carry safely. */
export const gatewayNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
