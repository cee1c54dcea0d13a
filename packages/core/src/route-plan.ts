import type { RouteDefinition } from "./route-definition.js";

/**
 * Which gateways a send through a route tries, in order: the list of the longest prefix rule the
 * recipient matches (`+` and `00` alike), else the route's own; rotated to start where the
 * strategy says — `failover` at the first, `round-robin` at the next one each send, `weighted`
 * at one drawn by weight — and failing over in list order from there.
 */
export class RoutePlanner {
  readonly #turns = new Map<string, number>();
  /** Each route definition's gateway names, computed once per definition. */
  readonly #names = new WeakMap<RouteDefinition, readonly string[]>();
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** The gateways to try for a send to `to`, in order. */
  order(route: RouteDefinition, to: string): readonly string[] {
    const rule = matchPrefix(route, to);
    const list = rule?.gateways ?? this.#namesOf(route);
    if (list.length < 2 || route.strategy === "failover") return list;
    const start =
      route.strategy === "round-robin"
        ? this.#nextTurn(`${route.name}\u0000${rule?.prefix ?? ""}`, list.length)
        : this.#drawByWeight(route, list);
    return start === 0 ? list : [...list.slice(start), ...list.slice(0, start)];
  }

  #namesOf(route: RouteDefinition): readonly string[] {
    let names = this.#names.get(route);
    if (!names) {
      names = route.gateways.map((gateway) => gateway.name);
      this.#names.set(route, names);
    }
    return names;
  }

  #nextTurn(key: string, length: number): number {
    // Each process starts at a random place, so that one-send processes (the CLI) spread too.
    const turn = this.#turns.get(key) ?? Math.floor(this.#random() * length);
    this.#turns.set(key, turn + 1);
    return turn % length;
  }

  #drawByWeight(route: RouteDefinition, list: readonly string[]): number {
    const weights = list.map((name) => route.gateways.find((gateway) => gateway.name === name)?.weight ?? 1);
    let draw = this.#random() * weights.reduce((sum, weight) => sum + weight, 0);
    for (let index = 0; index < weights.length; index++) {
      draw -= weights[index] as number;
      if (draw < 0) return index;
    }
    return weights.length - 1;
  }
}

/** A prefix or recipient with a leading `00` written as `+`, spaces removed. */
export function canonicalPrefix(text: string): string {
  const compact = text.replace(/[\s-]/g, "");
  return compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
}

function matchPrefix(route: RouteDefinition, to: string): RouteDefinition["prefixes"][number] | undefined {
  if (route.prefixes.length === 0) return undefined;
  const recipient = canonicalPrefix(to);
  let best: RouteDefinition["prefixes"][number] | undefined;
  for (const rule of route.prefixes) {
    if (recipient.startsWith(rule.prefix) && rule.prefix.length > (best?.prefix.length ?? -1)) best = rule;
  }
  return best;
}
