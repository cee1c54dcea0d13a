import type { GatewayDefinition } from "../gateway-definition.js";

/** What a store is given to save: a definition without the fields the store assigns. */
export type GatewayRecord = Omit<GatewayDefinition, "revision" | "updatedAt">;

/** Options for a save. */
export interface PutOptions {
  /** Save only if the stored revision is this one (0: only if the gateway does not exist). */
  expectedRevision?: number;
}

/**
 * Where gateway definitions live. Implementations must make every write atomic and give
 * each save of a name a higher revision than any before it — also across deletes — so that
 * a cached provider instance is never mistaken for a newer definition.
 */
export interface GatewayStore {
  /** The definition with this name. */
  getGateway(name: string): Promise<GatewayDefinition | undefined>;
  /** Every definition, ordered by name. */
  listGateways(): Promise<GatewayDefinition[]>;
  /** Create or replace a definition; returns it with its new revision. */
  putGateway(record: GatewayRecord, options?: PutOptions): Promise<GatewayDefinition>;
  /** Remove a definition; false when there was none. */
  deleteGateway(name: string): Promise<boolean>;
  /**
   * A value that changes whenever any definition changed, by this process or another. It must
   * be cheap: the send pipeline asks for it to know whether its cached definitions are current.
   */
  changeMarker(): Promise<string>;
  /** Release the store's resources. */
  close(): Promise<void>;
}
