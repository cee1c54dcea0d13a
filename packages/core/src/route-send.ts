import { coreErrors, isSmsError, type SendAttempt, type SmskitError } from "./errors.js";
import type { GatewayOutcome } from "./gateway-attempt.js";
import { movesOn } from "./gateway-attempt.js";
import type { RouteDefinition } from "./route-definition.js";

/**
 * Send through a route's gateways in the planned order. It moves to the next gateway only after a
 * definite, retry-safe failure or a skipped gateway; after an unknown outcome it stops (unless the
 * route says `onUnknown: continue`). Resolves with the first gateway's result that accepted it,
 * carrying every attempt; else throws the error that matters — an unknown outcome before a
 * definite failure, because then the message may have gone out — carrying every attempt.
 */
export async function sendThroughRoute<Result extends object>(
  route: RouteDefinition,
  order: readonly string[],
  attempt: (gateway: string) => Promise<GatewayOutcome<Result>>,
): Promise<Result & { route: string; attempts: readonly SendAttempt[] }> {
  const attempts: SendAttempt[] = [];
  let firstUnknown: SmskitError | undefined;
  let last: SmskitError | undefined;
  for (const gateway of order) {
    const outcome = await attempt(gateway);
    attempts.push(outcome.attempt);
    if (outcome.error === undefined) return { ...outcome.result, route: route.name, attempts };
    last = outcome.error;
    if (outcome.attempt.outcome === "skipped") continue;
    if (outcome.attempt.outcome === "unknown") {
      firstUnknown ??= outcome.error;
      if (route.onUnknown === "stop") break;
      continue;
    }
    if (!movesOn(outcome.error)) break;
  }
  throw routeFailure(route, attempts, firstUnknown ?? last);
}

function routeFailure(
  route: RouteDefinition,
  attempts: SendAttempt[],
  error: SmskitError | undefined,
): SmskitError {
  if (!error || attempts.every((attempt) => attempt.outcome === "skipped")) {
    const failure = coreErrors.SMSKIT_E_CIRCUIT_OPEN.create({
      target: `route '${route.name}':`,
      skipped: `every gateway (${attempts.map((attempt) => `'${attempt.gateway}'`).join(", ")}) is skipped because its circuit breaker is open`,
    });
    failure.attempts = attempts;
    return failure;
  }
  if (isSmsError(error)) error.attempts = attempts;
  return error;
}
