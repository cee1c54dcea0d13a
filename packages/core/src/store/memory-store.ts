import { ConfigurationError } from "../errors.js";
import type { GatewayDefinition } from "../gateway-definition.js";
import type { GatewayRecord, GatewayStore, PutOptions } from "./gateway-store.js";

/** A store that keeps definitions in memory: for tests and embedded use. */
export class MemoryGatewayStore implements GatewayStore {
  readonly #gateways = new Map<string, GatewayDefinition>();
  readonly #lastRevision = new Map<string, number>();
  #changes = 0;

  async getGateway(name: string): Promise<GatewayDefinition | undefined> {
    return this.#gateways.get(name);
  }

  async listGateways(): Promise<GatewayDefinition[]> {
    return [...this.#gateways.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async putGateway(record: GatewayRecord, options: PutOptions = {}): Promise<GatewayDefinition> {
    const current = this.#gateways.get(record.name);
    checkExpectedRevision(record.name, current?.revision ?? 0, options);
    const revision = (this.#lastRevision.get(record.name) ?? 0) + 1;
    const stored: GatewayDefinition = structuredClone({
      ...record,
      revision,
      updatedAt: new Date().toISOString(),
    });
    this.#gateways.set(record.name, stored);
    this.#lastRevision.set(record.name, revision);
    this.#changes++;
    return stored;
  }

  async deleteGateway(name: string): Promise<boolean> {
    const deleted = this.#gateways.delete(name);
    if (deleted) this.#changes++;
    return deleted;
  }

  async changeMarker(): Promise<string> {
    return String(this.#changes);
  }

  async close(): Promise<void> {}
}

/** Refuse a save whose caller read an older revision than the stored one. */
export function checkExpectedRevision(name: string, currentRevision: number, options: PutOptions): void {
  if (options.expectedRevision === undefined || options.expectedRevision === currentRevision) return;
  throw new ConfigurationError(
    "SMSKIT_E_GATEWAY_CONFLICT",
    `gateway '${name}' is at revision ${currentRevision}, not ${options.expectedRevision}: it was changed since you read it; read it again and repeat the change`,
    { gateway: name },
  );
}
