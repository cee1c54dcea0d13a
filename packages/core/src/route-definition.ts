/** How a route picks the gateway a send starts at; it fails over in list order from there. */
export type RouteStrategy = "failover" | "round-robin" | "weighted";

/** What a route does when a gateway's outcome is unknown (the message may have gone out). */
export type UnknownOutcomePolicy = "stop" | "continue";

/** The strategies a route may name. */
export const routeStrategies: readonly RouteStrategy[] = ["failover", "round-robin", "weighted"];

/** One gateway of a route, with its weight for the `weighted` strategy. */
export interface RouteGateway {
  /** The gateway's name. */
  readonly name: string;
  /** Its share of first attempts under `weighted` (a positive integer, default 1). */
  readonly weight: number;
}

/** A prefix rule: recipients starting with `prefix` go to its own ordered gateways. */
export interface RoutePrefix {
  /** Digits, optionally after `+` or `00` (treated alike), e.g. `+49` or `0049`. */
  readonly prefix: string;
  /** The gateways for matching recipients, in order. */
  readonly gateways: readonly string[];
}

/** A route as a user writes it. */
export interface RouteInput {
  /** Unique among gateways and routes: letters, digits, `.`, `_`, `-`; 1 to 64 characters. */
  name: string;
  /** What the route is for. */
  description?: string;
  /** `failover` (default), `round-robin` or `weighted`. */
  strategy?: RouteStrategy;
  /** The gateways in order: names, or `{ name, weight }`. */
  gateways: ReadonlyArray<string | { name: string; weight?: number }>;
  /** Prefix rules; the longest matching prefix wins, else the route's gateways are used. */
  prefixes?: ReadonlyArray<{ prefix: string; gateways: readonly string[] }>;
  /** `stop` (default: never risk a second message) or `continue` (a duplicate is better than nothing). */
  onUnknown?: UnknownOutcomePolicy;
}

/** A stored route definition. */
export interface RouteDefinition {
  readonly name: string;
  readonly description: string;
  readonly strategy: RouteStrategy;
  readonly gateways: readonly RouteGateway[];
  readonly prefixes: readonly RoutePrefix[];
  readonly onUnknown: UnknownOutcomePolicy;
  /** Starts at 1 and grows by one with every save. */
  readonly revision: number;
  /** ISO timestamp of the last save. */
  readonly updatedAt: string;
}
