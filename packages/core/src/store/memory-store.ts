import { coreErrors } from "../errors.js";
import type { GatewayDefinition } from "../gateway-definition.js";
import type { RouteDefinition } from "../route-definition.js";
import type { SmtpServerDefinition } from "../smtp-server.js";
import type {
  GatewayRecord,
  GatewayStore,
  PutOptions,
  RouteRecord,
  SmtpServerRecord,
  StoreBatch,
} from "./gateway-store.js";
import { MemoryIdempotencyKeys } from "./memory-idempotency.js";
import { MemoryMessageStore } from "./memory-messages.js";

/** Named records with revisions that never repeat, in memory. */
class RevisionedMap<
  Record extends { name: string },
  Stored extends Record & { revision: number; updatedAt: string },
> {
  readonly #entries = new Map<string, Stored>();
  readonly #lastRevision = new Map<string, number>();

  constructor(readonly kind: string) {}

  get(name: string): Stored | undefined {
    return this.#entries.get(name);
  }

  list(): Stored[] {
    return [...this.#entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  put(record: Record, options: PutOptions): Stored {
    checkExpectedRevision(this.kind, record.name, this.#entries.get(record.name)?.revision ?? 0, options);
    const revision = (this.#lastRevision.get(record.name) ?? 0) + 1;
    const stored = structuredClone({
      ...record,
      revision,
      updatedAt: new Date().toISOString(),
    }) as unknown as Stored;
    this.#entries.set(record.name, stored);
    this.#lastRevision.set(record.name, revision);
    return structuredClone(stored);
  }

  delete(name: string): boolean {
    return this.#entries.delete(name);
  }
}

/** A store that keeps definitions in memory: for tests and embedded use. */
export class MemoryGatewayStore extends MemoryIdempotencyKeys implements GatewayStore {
  readonly keyFile = undefined;
  /** The message log, in memory. */
  readonly messages = new MemoryMessageStore();
  readonly #gateways = new RevisionedMap<GatewayRecord, GatewayDefinition>("gateway");
  readonly #smtpServers = new RevisionedMap<SmtpServerRecord, SmtpServerDefinition>("SMTP server");
  readonly #routes = new RevisionedMap<RouteRecord, RouteDefinition>("route");
  #changes = 0;

  async getGateway(name: string): Promise<GatewayDefinition | undefined> {
    return structuredClone(this.#gateways.get(name));
  }

  async listGateways(): Promise<GatewayDefinition[]> {
    return structuredClone(this.#gateways.list());
  }

  async putGateway(record: GatewayRecord, options: PutOptions = {}): Promise<GatewayDefinition> {
    this.#changes++;
    return this.#gateways.put(record, options);
  }

  async deleteGateway(name: string): Promise<boolean> {
    const deleted = this.#gateways.delete(name);
    if (deleted) this.#changes++;
    return deleted;
  }

  async getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined> {
    return structuredClone(this.#smtpServers.get(name));
  }

  async listSmtpServers(): Promise<SmtpServerDefinition[]> {
    return structuredClone(this.#smtpServers.list());
  }

  async putSmtpServer(record: SmtpServerRecord, options: PutOptions = {}): Promise<SmtpServerDefinition> {
    this.#changes++;
    return this.#smtpServers.put(record, options);
  }

  async deleteSmtpServer(name: string): Promise<boolean> {
    const deleted = this.#smtpServers.delete(name);
    if (deleted) this.#changes++;
    return deleted;
  }

  async getRoute(name: string): Promise<RouteDefinition | undefined> {
    return structuredClone(this.#routes.get(name));
  }

  async listRoutes(): Promise<RouteDefinition[]> {
    return structuredClone(this.#routes.list());
  }

  async putRoute(record: RouteRecord, options: PutOptions = {}): Promise<RouteDefinition> {
    this.#changes++;
    return this.#routes.put(record, options);
  }

  async deleteRoute(name: string): Promise<boolean> {
    const deleted = this.#routes.delete(name);
    if (deleted) this.#changes++;
    return deleted;
  }

  async applyBatch(batch: StoreBatch): Promise<void> {
    // Nothing in a batch can fail halfway in memory: every put is unconditional.
    for (const server of batch.smtpServers ?? []) this.#smtpServers.put(server, {});
    for (const gateway of batch.gateways ?? []) this.#gateways.put(gateway, {});
    for (const route of batch.routes ?? []) this.#routes.put(route, {});
    this.#changes++;
  }

  async changeMarker(): Promise<string> {
    return String(this.#changes);
  }

  async close(): Promise<void> {}
}

/** Refuse a save whose caller read an older revision than the stored one. */
export function checkExpectedRevision(
  kind: string,
  name: string,
  currentRevision: number,
  options: PutOptions,
): void {
  if (options.expectedRevision === undefined || options.expectedRevision === currentRevision) return;
  throw coreErrors.SMSKIT_E_GATEWAY_CONFLICT.create(
    { kind, name, current: String(currentRevision), expected: String(options.expectedRevision) },
    { gateway: name },
  );
}
