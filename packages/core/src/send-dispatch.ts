import {
  type ConfigurationError,
  coreErrors,
  isSmsError,
  type SendAttempt,
  type SmskitError,
} from "./errors.js";
import { attemptGateway, attemptOnce, type GatewayOutcome, remainingMs } from "./gateway-attempt.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import type { PolicyStates } from "./policy-states.js";
import type { RouteDefinition } from "./route-definition.js";
import type { RoutePlanner } from "./route-plan.js";
import { sendThroughRoute } from "./route-send.js";

/** One send as the dispatcher carries it to each gateway. */
export interface SendRequest<Message> {
  readonly to: string;
  readonly message: Message;
  /** The deadline of the whole send, a `performance.now()` time. */
  readonly deadlineAt: number;
  readonly signal: AbortSignal | undefined;
}

/** What the dispatcher needs from the application: lookups, one plain send, policy state. */
export interface DispatchContext<Result extends Attempted, Message> {
  /** The gateway definition with this name (secrets decrypted), or undefined. */
  gateway(name: string): GatewayDefinition | undefined | Promise<GatewayDefinition | undefined>;
  /** The route with this name, or undefined. */
  route(name: string): Promise<RouteDefinition | undefined>;
  /** The route with this name when it is cached and current, without waiting. */
  readyRoute(name: string): RouteDefinition | undefined;
  /** One send through one gateway, no policies, within `timeoutMs`; the result lists that one attempt. */
  sendOnce(definition: GatewayDefinition, request: SendRequest<Message>, timeoutMs: number): Promise<Result>;
  readonly policies: PolicyStates;
  readonly planner: RoutePlanner;
}

/** A result with the attempts that led to it (and the route, when the target is one). */
export interface Attempted {
  readonly attempts: readonly SendAttempt[];
  readonly route?: string;
}

/**
 * Send to a target — a gateway or a route, one namespace — under each gateway's policies.
 * Resolves with the result and its attempts; rejects with the error, its `attempts` filled in.
 * (Plain functions returning promises: a send to a cached gateway without policies adds no
 * promise of its own to the one send it makes.)
 */
export function dispatch<Result extends Attempted, Message>(
  context: DispatchContext<Result, Message>,
  target: string,
  request: SendRequest<Message>,
): Promise<Result> {
  const route = context.readyRoute(target);
  if (route) return throughRoute(context, route, request);
  const lookup = context.gateway(target);
  return lookup instanceof Promise
    ? lookup.then((definition) => toTarget(context, target, definition, request))
    : toTarget(context, target, lookup, request);
}

function toTarget<Result extends Attempted, Message>(
  context: DispatchContext<Result, Message>,
  target: string,
  definition: GatewayDefinition | undefined,
  request: SendRequest<Message>,
): Promise<Result> {
  if (!definition) {
    return context.route(target).then((route) => {
      if (!route) throw targetNotFound(target);
      return throughRoute(context, route, request);
    });
  }
  // One send, whose result and error already list that one attempt.
  if (definition.policies === undefined) {
    return context.sendOnce(definition, request, remainingMs(request.deadlineAt));
  }
  return throughGateway(context, definition, request).then((outcome) => {
    if (outcome.error === undefined) return { ...outcome.result, attempts: [outcome.attempt] };
    throw withAttempts(outcome.error, [outcome.attempt]);
  });
}

function throughRoute<Result extends Attempted, Message>(
  context: DispatchContext<Result, Message>,
  route: RouteDefinition,
  request: SendRequest<Message>,
): Promise<Result> {
  const member = (
    definition: GatewayDefinition | undefined,
    name: string,
  ): Promise<GatewayOutcome<Result>> => {
    if (definition) return throughGateway(context, definition, request);
    const error = targetNotFound(name);
    return Promise.resolve({
      attempt: { gateway: name, outcome: "failed", code: error.code, reason: error.message },
      error,
    });
  };
  return sendThroughRoute(route, context.planner.order(route, request.to), (name) => {
    const lookup = context.gateway(name);
    return lookup instanceof Promise
      ? lookup.then((definition) => member(definition, name))
      : member(lookup, name);
  });
}

/** The error for a target that is neither a gateway nor a route. */
export function targetNotFound(target: string): ConfigurationError {
  return coreErrors.SMSKIT_E_GATEWAY_NOT_FOUND.create(
    {
      target: `gateway '${target}'`,
      what: "not defined, nor a route of that name; list them with 'smskit gateway list' and 'smskit route list'",
    },
    { gateway: target },
  );
}

/** One gateway's outcome: under its policies, or — without any — one plain send (the fast lane). */
function throughGateway<Result extends Attempted, Message>(
  context: DispatchContext<Result, Message>,
  definition: GatewayDefinition,
  request: SendRequest<Message>,
): Promise<GatewayOutcome<Result>> {
  const { policies, name } = definition;
  if (policies === undefined) {
    return attemptOnce(name, context.sendOnce(definition, request, remainingMs(request.deadlineAt)));
  }
  const state = context.policies.for(name, policies);
  return attemptGateway(name, policies, state, request.deadlineAt, request.signal, (timeoutMs) =>
    context.sendOnce(definition, request, timeoutMs),
  );
}

function withAttempts(error: SmskitError, attempts: readonly SendAttempt[]): SmskitError {
  if (isSmsError(error)) error.attempts = attempts;
  return error;
}
