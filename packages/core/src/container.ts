import "reflect-metadata";
import type { AnyProviderManifest } from "@smskit/provider";
import { type DependencyContainer, container as rootContainer } from "tsyringe";
import { type ProviderOrigin, ProviderRegistry, type RegisteredProvider } from "./provider-registry.js";

/** The injection tokens smskit registers in an application's container. */
export const tokens = {
  /** Multi-token: every registered provider (`container.resolveAll(tokens.provider)`). */
  provider: Symbol.for("smskit.provider"),
  /** The `ProviderRegistry` that indexes them by id and legacy name. */
  registry: Symbol.for("smskit.registry"),
  /** The `GatewayStore`. */
  store: Symbol.for("smskit.store"),
  /** The `Logger`. */
  logger: Symbol.for("smskit.logger"),
} as const;

/** A fresh container for one application, with an empty provider registry. */
export function createContainer(parent: DependencyContainer = rootContainer): DependencyContainer {
  const container = parent.createChildContainer();
  container.registerInstance(tokens.registry, new ProviderRegistry());
  return container;
}

/** The provider registry of a container made by `createContainer`. */
export function providerRegistry(container: DependencyContainer): ProviderRegistry {
  return container.resolve<ProviderRegistry>(tokens.registry);
}

/**
 * Check a manifest and register it under the provider multi-token. Throws a `ManifestError`
 * for an unsupported specVersion, a malformed or duplicate id, an invalid schema or a
 * parameter without a description.
 */
export function registerProvider(
  container: DependencyContainer,
  manifest: AnyProviderManifest | unknown,
  origin: ProviderOrigin = {},
): RegisteredProvider {
  const registered = providerRegistry(container).register(manifest, origin);
  container.register(tokens.provider, { useValue: registered });
  return registered;
}

/** Every provider registered in a container. */
export function registeredProviders(container: DependencyContainer): RegisteredProvider[] {
  return container.isRegistered(tokens.provider, true)
    ? container.resolveAll<RegisteredProvider>(tokens.provider)
    : [];
}
