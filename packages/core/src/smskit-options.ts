import type { ResourceLookup } from "@smskit/provider";
import type { DependencyContainer } from "tsyringe";
import type { DiscoveryOptions } from "./discovery.js";
import type { InstanceLimits } from "./instance-entry.js";
import type { Logger } from "./logger.js";
import type { MessageLogOptions } from "./message-log.js";
import type { MessageQueue } from "./message-queue.js";
import type { GatewayStore } from "./store/gateway-store.js";

/** Options of `createSmskit`. */
export interface SmskitOptions {
  /** Where definitions live (default: in memory). */
  store?: GatewayStore;
  /** The application's container (default: a new one). */
  container?: DependencyContainer;
  /** Discover providers from the application's package.json (or its directory). */
  discover?: DiscoveryOptions;
  /** Providers to register explicitly (tests, bundles). */
  providers?: readonly unknown[];
  logger?: Logger;
  /** Directory the script provider runs scripts from (default `SMSKIT_SCRIPT_DIR` or `/etc/smskit/scripts`). */
  scriptDirectory?: string;
  /**
   * Further named resources providers may look up with `context.resources.get(kind, name)`: a
   * lookup by name per kind. `directory` and `smtp-server` are smskit's own kinds.
   */
  resources?: Readonly<Record<string, ResourceLookup>>;
  /** The deadline of a send when the caller gives none, in milliseconds (default 60 000, at most 2^31−1). */
  sendTimeoutMs?: number;
  /** How long cached definitions are trusted before the store is asked whether anything changed (default 1000 ms). */
  definitionCacheMs?: number;
  /** How long an idempotency key is remembered, in milliseconds (default 24 hours). */
  idempotencyWindowMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /**
   * The 32-byte key that encrypts secrets at rest. Default: `SMSKIT_SECRET_KEY` (base64), else the
   * store's key file (`<store>.key`, created with mode 0600), else a key for this process only.
   */
  secretKey?: Buffer;
  /** Where `SMSKIT_SECRET_KEY` and `SMSKIT_SCRIPT_DIR` are read from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
  /**
   * Provider instances (an HTTP connection pool, a bound SMPP session) are opened at a gateway's
   * first send and reused. `idleMs`: close one unused this long (default ten minutes; `Infinity`
   * never); `max`: keep at most this many open, closing the least recently used idle one (default
   * no cap). An instance with a send in flight is never closed; the next send opens a new one.
   */
  instances?: InstanceLimits;
  /** The message log: on by default, recipients masked to their last 4 digits, kept 30 days. */
  messageLog?: MessageLogOptions;
  /**
   * Debug logging is on: message texts stay in errors and log lines. Off (the default), a text a
   * gateway echoed back reads `<message>` there, like a secret reads `__CENSORED__`.
   */
  debug?: boolean;
  /** The durable send queue behind `enqueue()` and `work()` (e.g. `createPostgresQueue()` of @smskit/queue-postgres). */
  queue?: MessageQueue;
}
