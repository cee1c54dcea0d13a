import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { ConfigurationError } from "../errors.js";
import type { GatewayDefinition } from "../gateway-definition.js";
import type { GatewayPolicies } from "../gateway-policies.js";
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
import type { IdempotencyClaim, IdempotencyRecord } from "./idempotency-store.js";
import { checkExpectedRevision } from "./memory-store.js";
import { SqliteIdempotencyKeys } from "./sqlite-idempotency.js";
import { workerWriter } from "./sqlite-message-writer.js";
import { SqliteMessages } from "./sqlite-messages.js";
import { sqliteMigrations } from "./sqlite-migrations.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
}

interface GatewayRow {
  name: string;
  provider: string;
  description: string;
  parameters: string;
  options: string;
  headers: string;
  secret_options: string;
  secret_headers: string;
  policies: string;
  revision: number;
  updated_at: string;
}

interface SmtpServerRow {
  definition: string;
  revision: number;
  updated_at: string;
}

/**
 * The embedded default store: one SQLite file through Node's built-in `node:sqlite` (no
 * native addon), in WAL mode with a busy timeout so that several processes can save at once.
 */
export class SqliteGatewayStore implements GatewayStore {
  readonly path: string;
  readonly keyFile: string | undefined;
  readonly #database: DatabaseSync;
  readonly #idempotency: SqliteIdempotencyKeys;
  /** The message log, in the same file. */
  readonly messages: SqliteMessages;
  #localWrites = 0;
  #open = true;

  private constructor(path: string, database: DatabaseSync, busyTimeoutMs: number) {
    this.path = path;
    this.keyFile = path === ":memory:" ? undefined : `${path}.key`;
    this.#database = database;
    this.#idempotency = new SqliteIdempotencyKeys({
      database,
      query: (work) => this.#query(work),
      transaction: (work) => this.#transaction(work),
    });
    // Message writes do not count as definition changes: they must not invalidate cached definitions.
    this.messages = new SqliteMessages(
      {
        database,
        query: (work) => this.#query(work),
        transaction: (work) => this.#transaction(work, false),
      },
      path === ":memory:" ? undefined : workerWriter(path, busyTimeoutMs),
    );
  }

  /** Open (and create or migrate) the store file at `path`. */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteGatewayStore> {
    const { DatabaseSync } = loadSqlite();
    const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 5000);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // Switching a new file to WAL and migrating it take locks that SQLite's busy handler does not
    // always wait for: processes opening a new store together retry until the busy timeout.
    const giveUpAt = Date.now() + busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      let database: DatabaseSync | undefined;
      try {
        database = new DatabaseSync(path);
        database.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
        const { journal_mode: mode } = database.prepare("PRAGMA journal_mode").get() as {
          journal_mode: string;
        };
        if (mode !== "wal" && path !== ":memory:") database.exec("PRAGMA journal_mode = WAL");
        database.exec("PRAGMA synchronous = NORMAL");
        migrate(database, path);
        return new SqliteGatewayStore(path, database, busyTimeoutMs);
      } catch (error) {
        database?.close();
        if (error instanceof ConfigurationError) throw error;
        if (isBusy(error) && Date.now() < giveUpAt) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** attempt)));
          continue;
        }
        throw new ConfigurationError(
          "SMSKIT_E_STORE",
          `cannot open the store ${path}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
  }

  async getGateway(name: string): Promise<GatewayDefinition | undefined> {
    const row = this.#query(() => this.#database.prepare("SELECT * FROM gateways WHERE name = ?").get(name));
    return row ? gatewayFromRow(row as unknown as GatewayRow) : undefined;
  }

  async listGateways(): Promise<GatewayDefinition[]> {
    const rows = this.#query(() => this.#database.prepare("SELECT * FROM gateways ORDER BY name").all());
    return rows.map((row) => gatewayFromRow(row as unknown as GatewayRow));
  }

  async putGateway(record: GatewayRecord, options: PutOptions = {}): Promise<GatewayDefinition> {
    return this.#transaction(() => this.#writeGateway(record, options));
  }

  async deleteGateway(name: string): Promise<boolean> {
    return this.#transaction(
      () => this.#database.prepare("DELETE FROM gateways WHERE name = ?").run(name).changes > 0,
    );
  }

  async getSmtpServer(name: string): Promise<SmtpServerDefinition | undefined> {
    const row = this.#query(() =>
      this.#database.prepare("SELECT * FROM smtp_servers WHERE name = ?").get(name),
    );
    return row ? smtpServerFromRow(row as unknown as SmtpServerRow) : undefined;
  }

  async listSmtpServers(): Promise<SmtpServerDefinition[]> {
    const rows = this.#query(() => this.#database.prepare("SELECT * FROM smtp_servers ORDER BY name").all());
    return rows.map((row) => smtpServerFromRow(row as unknown as SmtpServerRow));
  }

  async putSmtpServer(record: SmtpServerRecord, options: PutOptions = {}): Promise<SmtpServerDefinition> {
    return this.#transaction(() => this.#writeSmtpServer(record, options));
  }

  async deleteSmtpServer(name: string): Promise<boolean> {
    return this.#transaction(
      () => this.#database.prepare("DELETE FROM smtp_servers WHERE name = ?").run(name).changes > 0,
    );
  }

  async getRoute(name: string): Promise<RouteDefinition | undefined> {
    const row = this.#query(() => this.#database.prepare("SELECT * FROM routes WHERE name = ?").get(name));
    return row ? definitionFromRow<RouteRecord>(row as unknown as SmtpServerRow) : undefined;
  }

  async listRoutes(): Promise<RouteDefinition[]> {
    const rows = this.#query(() => this.#database.prepare("SELECT * FROM routes ORDER BY name").all());
    return rows.map((row) => definitionFromRow<RouteRecord>(row as unknown as SmtpServerRow));
  }

  async putRoute(record: RouteRecord, options: PutOptions = {}): Promise<RouteDefinition> {
    return this.#transaction(() => this.#writeRoute(record, options));
  }

  async deleteRoute(name: string): Promise<boolean> {
    return this.#transaction(
      () => this.#database.prepare("DELETE FROM routes WHERE name = ?").run(name).changes > 0,
    );
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

  async applyBatch(batch: StoreBatch): Promise<void> {
    this.#transaction(() => {
      for (const server of batch.smtpServers ?? []) this.#writeSmtpServer(server, {});
      for (const gateway of batch.gateways ?? []) this.#writeGateway(gateway, {});
      for (const route of batch.routes ?? []) this.#writeRoute(route, {});
    });
  }

  async changeMarker(): Promise<string> {
    const row = this.#query(() => this.#database.prepare("PRAGMA data_version").get()) as {
      data_version: number;
    };
    return `${row.data_version}:${this.#localWrites}`;
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.messages.close();
    this.#database.close();
  }

  #writeGateway(record: GatewayRecord, options: PutOptions): GatewayDefinition {
    const revision = this.#nextRevision("gateways", "gateway_revisions", "gateway", record.name, options);
    const stored: GatewayDefinition = { ...record, revision, updatedAt: new Date().toISOString() };
    this.#database
      .prepare(
        `INSERT INTO gateways (name, provider, description, parameters, options, headers, secret_options, secret_headers, policies, revision, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET provider = excluded.provider, description = excluded.description,
           parameters = excluded.parameters, options = excluded.options, headers = excluded.headers,
           secret_options = excluded.secret_options, secret_headers = excluded.secret_headers,
           policies = excluded.policies, revision = excluded.revision, updated_at = excluded.updated_at`,
      )
      .run(
        stored.name,
        stored.provider,
        stored.description,
        JSON.stringify(stored.parameters),
        JSON.stringify(stored.options),
        JSON.stringify(stored.headers),
        JSON.stringify(stored.secretOptions),
        JSON.stringify(stored.secretHeaders),
        JSON.stringify(stored.policies ?? {}),
        stored.revision,
        stored.updatedAt,
      );
    return structuredClone(stored);
  }

  #writeSmtpServer(record: SmtpServerRecord, options: PutOptions): SmtpServerDefinition {
    return this.#writeDefinition("smtp_servers", "SMTP server", record, options);
  }

  #writeRoute(record: RouteRecord, options: PutOptions): RouteDefinition {
    return this.#writeDefinition("routes", "route", record, options);
  }

  /** Save a definition kept as JSON beside its revision (SMTP servers, routes). */
  #writeDefinition<Record extends { name: string }>(
    table: "smtp_servers" | "routes",
    kind: string,
    record: Record,
    options: PutOptions,
  ): Record & { revision: number; updatedAt: string } {
    const revisions = table === "routes" ? "route_revisions" : "smtp_server_revisions";
    const revision = this.#nextRevision(table, revisions, kind, record.name, options);
    const stored = { ...record, revision, updatedAt: new Date().toISOString() };
    this.#database
      .prepare(
        `INSERT INTO ${table} (name, definition, revision, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, revision = excluded.revision,
           updated_at = excluded.updated_at`,
      )
      .run(stored.name, JSON.stringify(record), stored.revision, stored.updatedAt);
    return structuredClone(stored);
  }

  /** Check the expected revision and reserve the next one for a name (never reused, also after a delete). */
  #nextRevision(table: string, revisions: string, kind: string, name: string, options: PutOptions): number {
    const current = this.#database.prepare(`SELECT revision FROM ${table} WHERE name = ?`).get(name) as
      | { revision: number }
      | undefined;
    checkExpectedRevision(kind, name, current?.revision ?? 0, options);
    const last = this.#database.prepare(`SELECT last_revision FROM ${revisions} WHERE name = ?`).get(name) as
      | { last_revision: number }
      | undefined;
    const revision = (last?.last_revision ?? 0) + 1;
    this.#database
      .prepare(
        `INSERT INTO ${revisions} (name, last_revision) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET last_revision = excluded.last_revision`,
      )
      .run(name, revision);
    return revision;
  }

  /** Run `work` in an immediate (write-locking) transaction; waits for other writers up to the busy timeout. */
  #transaction<T>(work: () => T, definitions = true): T {
    return this.#query(() => {
      this.#database.exec("BEGIN IMMEDIATE");
      try {
        const result = work();
        this.#database.exec("COMMIT");
        if (definitions) this.#localWrites++;
        return result;
      } catch (error) {
        this.#database.exec("ROLLBACK");
        throw error;
      }
    });
  }

  #query<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError("SMSKIT_E_STORE", `store ${this.path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

function isBusy(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${(error as { code?: string })?.code ?? ""}`;
  return /database is locked|SQLITE_BUSY/i.test(text);
}

function migrate(database: DatabaseSync, path: string): void {
  database.exec("BEGIN IMMEDIATE");
  try {
    const { user_version: version } = database.prepare("PRAGMA user_version").get() as {
      user_version: number;
    };
    if (version > sqliteMigrations.length) {
      throw new ConfigurationError(
        "SMSKIT_E_STORE_VERSION",
        `the store ${path} is at schema version ${version}, written by a newer smskit; this one knows up to ${sqliteMigrations.length} — upgrade smskit`,
      );
    }
    for (let next = version; next < sqliteMigrations.length; next++) {
      database.exec(sqliteMigrations[next] as string);
      database.exec(`PRAGMA user_version = ${next + 1}`);
    }
    database.exec("COMMIT");
  } catch (error) {
    database.exec("ROLLBACK");
    throw error;
  }
}

function gatewayFromRow(row: GatewayRow): GatewayDefinition {
  return {
    name: row.name,
    provider: row.provider,
    description: row.description,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    options: JSON.parse(row.options) as Record<string, string>,
    headers: JSON.parse(row.headers) as Record<string, string>,
    secretOptions: JSON.parse(row.secret_options) as string[],
    secretHeaders: JSON.parse(row.secret_headers) as string[],
    ...(row.policies === "{}" ? {} : { policies: JSON.parse(row.policies) as GatewayPolicies }),
    revision: row.revision,
    updatedAt: row.updated_at,
  };
}

function smtpServerFromRow(row: SmtpServerRow): SmtpServerDefinition {
  return definitionFromRow<SmtpServerRecord>(row);
}

/** A definition kept as JSON beside its revision (SMTP servers, routes). */
function definitionFromRow<Record>(row: SmtpServerRow): Record & { revision: number; updatedAt: string } {
  return { ...(JSON.parse(row.definition) as Record), revision: row.revision, updatedAt: row.updated_at };
}

/**
 * Load `node:sqlite` without its "experimental" warning on the Node versions that print one.
 * Loaded with `require`, which every bundler and test runner leaves to Node.
 */
function loadSqlite(): typeof import("node:sqlite") {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("SQLite")) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");
  } catch (error) {
    throw new ConfigurationError(
      "SMSKIT_E_STORE",
      `this Node.js (${process.versions.node}) has no usable node:sqlite: ${(error as Error).message}; use Node.js 22.13 or newer, or start Node with --experimental-sqlite (NODE_OPTIONS=--experimental-sqlite)`,
      { cause: error },
    );
  } finally {
    process.emitWarning = emitWarning;
  }
}
