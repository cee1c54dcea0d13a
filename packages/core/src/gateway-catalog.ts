import type { DefinitionCache } from "./definition-cache.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import { prepareGateway, type TransferContext } from "./gateway-prepare.js";
import { gatewayInvalid } from "./gateway-validation.js";
import type { ProviderInstanceCache } from "./instance-cache.js";
import type { PolicyStates } from "./policy-states.js";
import type { RouteCatalog } from "./route-catalog.js";
import { secretSelection } from "./secrets.js";
import { targetNotFound } from "./send-dispatch.js";

/** What the gateway catalog works with. */
export interface GatewayCatalogParts {
  readonly transfer: TransferContext;
  readonly definitions: DefinitionCache;
  readonly instances: ProviderInstanceCache;
  readonly routes: RouteCatalog;
  readonly policies: PolicyStates;
}

/** Gateway definitions: validated and encrypted on the way in, censored on the way out. */
export class GatewayCatalog {
  readonly #parts: GatewayCatalogParts;

  constructor(parts: GatewayCatalogParts) {
    this.#parts = parts;
  }

  /** See `Smskit.saveGateway`. */
  async save(input: GatewayInput, options: { expectedRevision?: number }): Promise<GatewayDefinition> {
    const { transfer, routes } = this.#parts;
    const prepared = await prepareGateway(transfer, input, transfer.validation);
    if ("issues" in prepared) throw gatewayInvalid(String(input.name), prepared.issues);
    const clash = await routes.nameClash(prepared.record.name);
    if (clash) throw gatewayInvalid(prepared.record.name, [clash]);
    const provider = transfer.registry.get(prepared.record.provider);
    const selection = secretSelection(provider?.secretParameters ?? new Set(), prepared.record);
    const stored = await transfer.store.putGateway(
      transfer.secrets.encryptGateway(prepared.record, selection),
      options,
    );
    this.forget(stored.name);
    return this.censor(stored);
  }

  /** See `Smskit.validateGateway`. */
  async validate(input: GatewayInput): Promise<void> {
    const { transfer } = this.#parts;
    const prepared = await prepareGateway(transfer, input, transfer.validation);
    if ("issues" in prepared) throw gatewayInvalid(String(input.name), prepared.issues);
  }

  /** See `Smskit.getGateway`. */
  async get(name: string): Promise<GatewayDefinition | undefined> {
    const definition = await this.#parts.transfer.store.getGateway(name);
    return definition && this.censor(definition);
  }

  /** See `Smskit.listGateways`. */
  async list(): Promise<GatewayDefinition[]> {
    return (await this.#parts.transfer.store.listGateways()).map((definition) => this.censor(definition));
  }

  /** See `Smskit.deleteGateway`. */
  async delete(name: string): Promise<boolean> {
    await this.#parts.routes.assertUnused(name);
    const deleted = await this.#parts.transfer.store.deleteGateway(name);
    this.forget(name);
    this.#parts.policies.forget(name);
    return deleted;
  }

  /** Run the provider's deep check (`check()`) of a gateway; throws what the provider found. */
  async check(name: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const definition = await this.#parts.definitions.get(name);
    if (!definition) throw targetNotFound(name);
    const lease = await this.#parts.instances.acquire(definition);
    try {
      await lease.check(timeoutMs, signal);
    } finally {
      lease.release();
    }
  }

  /** Names of the gateways whose parameters name this SMTP server. */
  async usersOfSmtpServer(name: string): Promise<string[]> {
    const { store, registry } = this.#parts.transfer;
    const users: string[] = [];
    for (const gateway of await store.listGateways()) {
      const provider = registry.get(gateway.provider);
      for (const [key, kind] of provider?.references ?? []) {
        if (kind === "smtp-server" && gateway.parameters[key] === name) users.push(gateway.name);
      }
    }
    return users;
  }

  /** The definition changed or is gone here: drop it from the cache and retire its instance. */
  forget(name: string): void {
    this.#parts.definitions.forget(name);
    this.#parts.instances.retire(name);
  }

  /** The definition with every secret shown as `__CENSORED__`. */
  censor(definition: GatewayDefinition): GatewayDefinition {
    const { registry, secrets } = this.#parts.transfer;
    const provider = registry.get(definition.provider);
    return secrets.censorGateway(
      definition,
      secretSelection(provider?.secretParameters ?? new Set(), definition),
    );
  }
}
