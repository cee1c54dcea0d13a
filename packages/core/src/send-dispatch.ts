import { ConfigurationError, isSmsError, type SendAttempt, type SmskitError } from "./errors.js";
import { attemptGateway, attemptOnce, type GatewayOutcome, remainingMs } from "./gateway-attempt.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import type { PolicyStates } from "./policy-states.js";
import type { RouteDefinition } from "./route-definition.js";
import type { RoutePlanner } from "./route-plan.js";
import { sendThroughRoute } from "./route-send.js";

/** What the dispatcher needs from the application: lookups, one plain send, policy state. */
export interface DispatchContext<Result extends object> {
  /** The gateway definition with this name (secrets decrypted), or undefined. */
  gateway(name: string): GatewayDefinition | undefined | Promise<GatewayDefinition | undefined>;
  /** The route with this name, or undefined. */
  route(name: string): Promise<RouteDefinition | undefined>;
  /** The route with this name when it is cached and current, without waiting. */
  readyRoute(name: string): RouteDefinition | undefined;
  /** One send through one gateway, no policies, within `timeoutMs`. */
  sendOnce(definition: GatewayDefinition, timeoutMs: number): Promise<Result>;
  readonly policies: PolicyStates;
  readonly planner: RoutePlanner;
}

/** A result with the attempts that led to it (and the route, when the target is one). */
export type Dispatched<Result> = Result & { attempts: readonly SendAttempt[]; route?: string };

/**
 * Send to a target — a gateway or a route, one namespace — under each gateway's policies.
 * Resolves with the result and its attempts; rejects with the error, its `attempts` filled in.
 */
export async function dispatch<Result extends object>(
  context: DispatchContext<Result>,
  target: string,
  to: string,
  deadlineAt: number,
  signal: AbortSignal | undefined,
): Promise<Dispatched<Result>> {
  let route = context.readyRoute(target);
  if (!route) {
    const lookup = context.gateway(target);
    const definition = lookup instanceof Promise ? await lookup : lookup;
    if (definition) {
      const outcome = await throughGateway(context, definition, deadlineAt, signal);
      if (outcome.error === undefined) return { ...outcome.result, attempts: [outcome.attempt] };
      throw withAttempts(outcome.error, [outcome.attempt]);
    }
    route = await context.route(target);
  }
  if (!route) throw targetNotFound(target);
  const member = (
    definition: GatewayDefinition | undefined,
    name: string,
  ): Promise<GatewayOutcome<Result>> => {
    if (definition) return throughGateway(context, definition, deadlineAt, signal);
    const error = targetNotFound(name);
    return Promise.resolve({
      attempt: { gateway: name, outcome: "failed", code: error.code, reason: error.message },
      error,
    });
  };
  return sendThroughRoute(route, context.planner.order(route, to), (name) => {
    const lookup = context.gateway(name);
    return lookup instanceof Promise
      ? lookup.then((definition) => member(definition, name))
      : member(lookup, name);
  });
}

/** The error for a target that is neither a gateway nor a route. */
export function targetNotFound(target: string): ConfigurationError {
  return new ConfigurationError(
    "SMSKIT_E_GATEWAY_NOT_FOUND",
    `gateway '${target}' is not defined, nor a route of that name; list them with 'smskit gateway list' and 'smskit route list'`,
    { gateway: target },
  );
}

/** One gateway's outcome: under its policies, or — without any — one plain send (the fast lane). */
function throughGateway<Result extends object>(
  context: DispatchContext<Result>,
  definition: GatewayDefinition,
  deadlineAt: number,
  signal: AbortSignal | undefined,
): Promise<GatewayOutcome<Result>> {
  const { policies, name } = definition;
  if (policies === undefined) {
    return attemptOnce(name, context.sendOnce(definition, remainingMs(deadlineAt)));
  }
  const state = context.policies.for(name, policies);
  return attemptGateway(name, policies, state, deadlineAt, signal, (timeoutMs) =>
    context.sendOnce(definition, timeoutMs),
  );
}

function withAttempts(error: SmskitError, attempts: readonly SendAttempt[]): SmskitError {
  if (isSmsError(error)) error.attempts = attempts;
  return error;
}
