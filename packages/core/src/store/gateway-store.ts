import type { GatewayDefinition } from "../gateway-definition.js";
import type { RouteDefinition } from "../route-definition.js";
import type { SmtpServerDefinition } from "../smtp-server.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import type { MessageStore } from "./message-store.js";
import type { SharedRateLimiter } from "./rate-limiter.js";

/** What a store is given to save: a definition without the fields the store assigns. */
export type GatewayRecord = Omit<GatewayDefinition, "revision" | "updatedAt">;

/** An SMTP server definition without the fields the store assigns. */
export type SmtpServerRecord = Omit<SmtpServerDefinition, "revision" | "updatedAt">;

/** A route definition without the fields the store assigns. */
export type RouteRecord = Omit<RouteDefinition, "revision" | "updatedAt">;

/** Options for a save. */
export interface PutOptions {
  /** Save only if the stored revision is this one (0: only if it does not exist). */
  expectedRevision?: number;
}

/** Several saves applied together: all of them or none. */
export interface StoreBatch {
  readonly gateways?: readonly GatewayRecord[];
  readonly smtpServers?: readonly SmtpServerRecord[];
  readonly routes?: readonly RouteRecord[];
}

/**
 * Where gateway, SMTP server and route definitions and idempotency keys live. Secret values arrive already encrypted.
 * Implementations must make every write atomic and give each save of a name a higher revision
 * than any before it — also across deletes — so that a cached provider instance is never
 * mistaken for a newer definition.
 */
export interface GatewayStore extends IdempotencyStore {
  /** The definition with this name. */
  getGateway(name: string): Promise<GatewayDefinition | undefined>;
  /** Every definition, ordered by name. */
  listGateways(): Promise<GatewayDefinition[]>;
  /** Create or replace a definition; returns it with its new revision. */
  putGateway(record: GatewayRecord, options?: PutOptions): Promise<GatewayDefinition>;
  /** Remove a definition; false when there was none. */
  deleteGateway(name: string): Promise<boolean>;
  getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined>;
  listSmtpServers(): Promise<SmtpServerDefinition[]>;
  putSmtpServer(record: SmtpServerRecord, options?: PutOptions): Promise<SmtpServerDefinition>;
  deleteSmtpServer(name: string): Promise<boolean>;
  getRoute(name: string): Promise<RouteDefinition | undefined>;
  /** Every route, ordered by name. */
  listRoutes(): Promise<RouteDefinition[]>;
  putRoute(record: RouteRecord, options?: PutOptions): Promise<RouteDefinition>;
  deleteRoute(name: string): Promise<boolean>;
  /** Apply several saves in one transaction. */
  applyBatch(batch: StoreBatch): Promise<void>;
  /**
   * A value that changes whenever anything changed, by this process or another. It must be
   * cheap: the send pipeline asks for it to know whether its cached definitions are current.
   */
  changeMarker(): Promise<string>;
  /** Where the message log lives; without one, smskit keeps the log in memory. */
  readonly messages?: MessageStore;
  /** Where the key that encrypts this store's secrets is kept by default, if the store is a file. */
  readonly keyFile?: string | undefined;
  /**
   * True when processes on other machines may share the store (a database server): a key made up
   * for one process could not decrypt what the others stored, so secrets need `SMSKIT_SECRET_KEY`
   * (or the store's `keyFile`).
   */
  readonly shared?: boolean;
  /** Token buckets shared by every process using the store; without one, each process limits alone. */
  readonly rateLimiter?: SharedRateLimiter;
  /**
   * Call `listener` as soon as any process changed a definition (then `changeMarker` tells what is
   * current); returns a function that stops the calls. Without it, changes are seen by polling
   * `changeMarker`.
   */
  onChange?(listener: () => void): () => void;
  /** Release the store's resources. */
  close(): Promise<void>;
}
