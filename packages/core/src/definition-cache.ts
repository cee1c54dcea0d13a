import type { GatewayDefinition } from "./gateway-definition.js";
import type { GatewayStore } from "./store/gateway-store.js";

/** What the definition cache needs from the application. */
export interface DefinitionCacheOptions {
  readonly store: GatewayStore;
  /** The stored definition with its secrets decrypted. */
  readonly decrypt: (stored: GatewayDefinition) => GatewayDefinition;
  /** How long cached definitions are trusted before the store is asked whether anything changed. */
  readonly trustMs: number;
  readonly now: () => number;
  /** The store changed (here or in another process): drop what depends on definitions. */
  readonly changed: () => Promise<void>;
  /** A gateway looked up is not (or no longer) stored. */
  readonly missing: (name: string) => void;
}

/**
 * Gateway definitions, decrypted, kept between sends. Trusted for `trustMs`; after that the next
 * lookup asks the store's change marker and drops everything when another write happened.
 */
export class DefinitionCache {
  readonly #options: DefinitionCacheOptions;
  readonly #definitions = new Map<string, Promise<GatewayDefinition | undefined>>();
  /** The settled entries of `#definitions`, for sends that need not wait for anything. */
  readonly #ready = new Map<string, GatewayDefinition>();
  #marker: string | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(options: DefinitionCacheOptions) {
    this.#options = options;
  }

  /** Whether the cache is within its trust period (what is cached may be used without asking the store). */
  fresh(): boolean {
    return this.#options.now() - this.#checkedAt <= this.#options.trustMs;
  }

  /** The definition when it is cached and fresh, without waiting; else undefined. */
  ready(name: string): GatewayDefinition | undefined {
    return this.fresh() ? this.#ready.get(name) : undefined;
  }

  /** The definition (secrets decrypted), from the cache or the store; undefined when there is none. */
  async get(name: string): Promise<GatewayDefinition | undefined> {
    const now = this.#options.now();
    if (now - this.#checkedAt > this.#options.trustMs) {
      this.#checkedAt = now;
      const marker = await this.#options.store.changeMarker();
      if (marker !== this.#marker) {
        this.#marker = marker;
        this.clear();
        await this.#options.changed();
      }
    }
    let cached = this.#definitions.get(name);
    if (!cached) {
      const loading = this.#options.store
        .getGateway(name)
        .then((stored) => stored && this.#options.decrypt(stored));
      cached = loading;
      this.#definitions.set(name, loading);
      loading.then(
        (definition) => {
          if (definition && this.#definitions.get(name) === loading) this.#ready.set(name, definition);
        },
        () => this.#definitions.delete(name),
      );
    }
    const definition = await cached;
    if (!definition) this.#options.missing(name);
    return definition;
  }

  /** Drop one definition (it was saved or deleted here). */
  forget(name: string): void {
    this.#definitions.delete(name);
    this.#ready.delete(name);
  }

  /** Drop every definition. */
  clear(): void {
    this.#definitions.clear();
    this.#ready.clear();
  }
}
