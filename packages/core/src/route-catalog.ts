import { coreErrors, type ValidationIssue } from "./errors.js";
import type { RouteDefinition, RouteInput } from "./route-definition.js";
import { checkRoute, routeInvalid } from "./route-validation.js";
import type { GatewayStore, PutOptions } from "./store/gateway-store.js";

/** Route definitions: saved only when every gateway they name exists, cached for the send path. */
export class RouteCatalog {
  readonly #store: GatewayStore;
  readonly #cache = new Map<string, Promise<RouteDefinition | undefined>>();
  /** The settled routes of `#cache`, for sends that need not wait. */
  readonly #ready = new Map<string, RouteDefinition>();

  constructor(store: GatewayStore) {
    this.#store = store;
  }

  /** Validate and save a route (create or replace); refused when it names an unknown gateway or a route. */
  async save(input: RouteInput, options: PutOptions = {}): Promise<RouteDefinition> {
    const { record, issues } = checkRoute(input, await this.names());
    if (!record) throw routeInvalid(typeof input?.name === "string" ? input.name : "(no name)", issues);
    const saved = await this.#store.putRoute(record, options);
    this.#forget(saved.name);
    return saved;
  }

  /** Delete a route; false when there was none. */
  async delete(name: string): Promise<boolean> {
    const deleted = await this.#store.deleteRoute(name);
    this.#forget(name);
    return deleted;
  }

  /** Names of the routes that list this gateway (in their gateways or a prefix rule). */
  async usersOf(gateway: string): Promise<string[]> {
    return (await this.#store.listRoutes())
      .filter(
        (route) =>
          route.gateways.some((entry) => entry.name === gateway) ||
          route.prefixes.some((rule) => rule.gateways.includes(gateway)),
      )
      .map((route) => route.name);
  }

  /** Refuse deleting a gateway that routes use, naming them. */
  async assertUnused(gateway: string): Promise<void> {
    const users = await this.usersOf(gateway);
    if (users.length === 0) return;
    const plural = users.length > 1;
    throw coreErrors.SMSKIT_E_GATEWAY_IN_USE.create(
      {
        gateway,
        users: `route${plural ? "s" : ""} ${users.map((user) => `'${user}'`).join(", ")}; remove it from ${plural ? "them" : "it"} or delete ${plural ? "them" : "it"} first`,
      },
      { gateway },
    );
  }

  /** A problem when a gateway would take a route's name (one namespace), else undefined. */
  async nameClash(gateway: string): Promise<ValidationIssue | undefined> {
    if (!(await this.#store.getRoute(gateway))) return undefined;
    return {
      key: "name",
      message: `'${gateway}' is already a route; gateways and routes share one namespace`,
    };
  }

  /** The route with this name, from the cache when it is current. */
  cached(name: string): Promise<RouteDefinition | undefined> {
    let route = this.#cache.get(name);
    if (!route) {
      const loading = this.#store.getRoute(name);
      route = loading;
      this.#cache.set(name, loading);
      loading.then(
        (loaded) => {
          if (loaded && this.#cache.get(name) === loading) this.#ready.set(name, loaded);
        },
        () => this.#cache.delete(name),
      );
    }
    return route;
  }

  /** The route with this name when it is cached already (the send path's fast lane). */
  ready(name: string): RouteDefinition | undefined {
    return this.#ready.get(name);
  }

  /** Forget every cached route (the store changed). */
  clear(): void {
    this.#cache.clear();
    this.#ready.clear();
  }

  #forget(name: string): void {
    this.#cache.delete(name);
    this.#ready.delete(name);
  }

  /** The names route validation checks against. */
  async names(): Promise<{ gateways: Set<string>; routes: Set<string> }> {
    const [gateways, routes] = await Promise.all([this.#store.listGateways(), this.#store.listRoutes()]);
    return {
      gateways: new Set(gateways.map((gateway) => gateway.name)),
      routes: new Set(routes.map((route) => route.name)),
    };
  }
}
