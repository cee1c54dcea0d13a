import type { GatewayDefinition, GatewayPolicies, RouteDefinition, SmtpServerDefinition } from "@smskit/core";
import type {
  GatewayRecord,
  GatewayStore,
  IdempotencyClaim,
  IdempotencyRecord,
  PutOptions,
  RouteRecord,
  SmtpServerRecord,
  StoreBatch,
} from "@smskit/core/stores";
import type pg from "pg";
import { ChangeListener } from "./change-listener.js";
import { Database, quoteIdentifier } from "./connection.js";
import { DefinitionTables } from "./definitions.js";
import { PostgresIdempotencyKeys } from "./idempotency.js";
import { PostgresMessages } from "./messages.js";
import { migrate } from "./migrations.js";
import { PostgresRateLimiter } from "./rate-limiter.js";

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** The PostgreSQL schema that holds smskit's tables (default `smskit`), created when missing. */
  schema?: string;
  /** Settings of the connection pool (default: at most 10 connections, 5 s to connect); the URL is the store's. */
  pool?: Omit<pg.PoolConfig, "connectionString">;
  /**
   * The key file for secrets at rest, used as a SQLite store uses the file beside it (created with
   * mode 0600 when missing). Without it, secrets need `SMSKIT_SECRET_KEY` — the same on every instance.
   */
  keyFile?: string;
}

/**
 * A store in a PostgreSQL database, for several instances of an application at once: every
 * write is a transaction, claims of idempotency keys are atomic across processes, definition
 * changes are announced with LISTEN/NOTIFY, and rate limits are token buckets in the database.
 */
export class PostgresGatewayStore implements GatewayStore {
  readonly shared = true;
  readonly keyFile: string | undefined;
  /** The schema that holds the tables. */
  readonly schema: string;
  /** The message log, in the same database. */
  readonly messages: PostgresMessages;
  /** Rate limits shared by every instance on the database. */
  readonly rateLimiter: PostgresRateLimiter;
  readonly #database: Database;
  readonly #definitions: DefinitionTables;
  readonly #idempotency: PostgresIdempotencyKeys;
  readonly #changes: ChangeListener;
  #open = true;

  private constructor(url: string, options: PostgresStoreOptions) {
    this.schema = options.schema ?? "smskit";
    this.keyFile = options.keyFile;
    this.#database = new Database(url, options.pool);
    const schema = quoteIdentifier(this.schema);
    const channel = `smskit_changes:${this.schema}`;
    this.#changes = new ChangeListener({
      url,
      channel,
      readCounter: async () => {
        const { rows } = await this.#database.query<{ counter: string }>(
          `SELECT counter FROM ${schema}.changes WHERE id = 1`,
        );
        return Number(rows[0]?.counter ?? 0);
      },
    });
    this.#definitions = new DefinitionTables(this.#database, schema, channel, (counter) =>
      this.#changes.committed(counter),
    );
    this.#idempotency = new PostgresIdempotencyKeys(this.#database, schema);
    this.messages = new PostgresMessages(this.#database, schema);
    this.rateLimiter = new PostgresRateLimiter(this.#database, schema);
  }

  /**
   * Connect to the database at `url` (`postgres://user:password@host:5432/database`), create or
   * migrate the schema, and start listening for changes.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresGatewayStore> {
    const store = new PostgresGatewayStore(url, options);
    try {
      await migrate(store.#database, store.schema);
      await store.#changes.start();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** The connection pool (for packages that keep more in the same database, such as a queue). */
  get pool(): pg.Pool {
    return this.#database.pool;
  }

  async getGateway(name: string): Promise<GatewayDefinition | undefined> {
    const stored = await this.#definitions.get<GatewayRecord>("gateways", name);
    return stored && withoutEmptyPolicies(stored);
  }

  async listGateways(): Promise<GatewayDefinition[]> {
    return (await this.#definitions.list<GatewayRecord>("gateways")).map(withoutEmptyPolicies);
  }

  putGateway(record: GatewayRecord, options: PutOptions = {}): Promise<GatewayDefinition> {
    return this.#definitions.put("gateways", record, options);
  }

  deleteGateway(name: string): Promise<boolean> {
    return this.#definitions.delete("gateways", name);
  }

  getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined> {
    return this.#definitions.get<SmtpServerRecord>("smtp_servers", name);
  }

  listSmtpServers(): Promise<SmtpServerDefinition[]> {
    return this.#definitions.list<SmtpServerRecord>("smtp_servers");
  }

  putSmtpServer(record: SmtpServerRecord, options: PutOptions = {}): Promise<SmtpServerDefinition> {
    return this.#definitions.put("smtp_servers", record, options);
  }

  deleteSmtpServer(name: string): Promise<boolean> {
    return this.#definitions.delete("smtp_servers", name);
  }

  getRoute(name: string): Promise<RouteDefinition | undefined> {
    return this.#definitions.get<RouteRecord>("routes", name);
  }

  listRoutes(): Promise<RouteDefinition[]> {
    return this.#definitions.list<RouteRecord>("routes");
  }

  putRoute(record: RouteRecord, options: PutOptions = {}): Promise<RouteDefinition> {
    return this.#definitions.put("routes", record, options);
  }

  deleteRoute(name: string): Promise<boolean> {
    return this.#definitions.delete("routes", name);
  }

  async applyBatch(batch: StoreBatch): Promise<void> {
    await this.#definitions.write(async (client) => {
      for (const server of batch.smtpServers ?? [])
        await this.#definitions.putIn(client, "smtp_servers", server, {});
      for (const gateway of batch.gateways ?? [])
        await this.#definitions.putIn(client, "gateways", gateway, {});
      for (const route of batch.routes ?? []) await this.#definitions.putIn(client, "routes", route, {});
    });
  }

  changeMarker(): Promise<string> {
    return this.#changes.marker();
  }

  onChange(listener: () => void): () => void {
    return this.#changes.subscribe(listener);
  }

  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    return this.#idempotency.claimIdempotencyKey(claim);
  }

  getIdempotencyRecord(key: string, now: number): Promise<IdempotencyRecord | undefined> {
    return this.#idempotency.getIdempotencyRecord(key, now);
  }

  completeIdempotencyKey(key: string, outcome: string): Promise<void> {
    return this.#idempotency.completeIdempotencyKey(key, outcome);
  }

  releaseIdempotencyKey(key: string): Promise<void> {
    return this.#idempotency.releaseIdempotencyKey(key);
  }

  /** Stop listening and close every connection of the pool. */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.#changes.close();
    await this.#database.close();
  }
}

/** A gateway as the SQLite store returns it: no `policies` when there are none. */
function withoutEmptyPolicies(definition: GatewayDefinition): GatewayDefinition {
  const policies: GatewayPolicies | undefined = definition.policies;
  if (policies === undefined || Object.keys(policies).length > 0) return definition;
  const { policies: _none, ...rest } = definition;
  return rest;
}
