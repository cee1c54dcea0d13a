import "reflect-metadata";
import type { AnyProviderManifest } from "@smskit/provider";
import { type DependencyContainer, container as rootContainer } from "tsyringe";
import { type ProviderOrigin, ProviderRegistry, type RegisteredProvider } from "./provider-registry.js";

/** The injection tokens smskit registers in an application's container. */
export const tokens = {
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
 * Check a manifest and add it to the container's provider registry. Throws a `ManifestError`
 * for an unsupported specVersion, a malformed or duplicate id, an invalid schema or a
 * parameter without a description.
 */
export function registerProvider(
  container: DependencyContainer,
  manifest: AnyProviderManifest | unknown,
  origin: ProviderOrigin = {},
): RegisteredProvider {
  return providerRegistry(container).register(manifest, origin);
}
