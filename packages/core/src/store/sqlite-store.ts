import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { ConfigurationError, coreErrors } from "../errors.js";
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
import type { IdempotencyClaim, IdempotencyRecord } from "./idempotency-store.js";
import {
  definitionFromRow,
  type GatewayRow,
  gatewayFromRow,
  type SmtpServerRow,
  smtpServerFromRow,
  writeDefinition,
  writeGateway,
} from "./sqlite-definitions.js";
import { SqliteIdempotencyKeys } from "./sqlite-idempotency.js";
import { workerWriter } from "./sqlite-message-writer.js";
import { SqliteMessages } from "./sqlite-messages.js";
import { isBusy, loadSqlite, migrate } from "./sqlite-open.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
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
        throw coreErrors.SMSKIT_E_STORE.create(
          { problem: `cannot open the store ${path}: ${(error as Error).message}` },
          { cause: error },
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
    return this.#transaction(() => writeGateway(this.#database, record, options));
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
      for (const gateway of batch.gateways ?? []) writeGateway(this.#database, gateway, {});
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

  #writeSmtpServer(record: SmtpServerRecord, options: PutOptions): SmtpServerDefinition {
    return writeDefinition(this.#database, "smtp_servers", "SMTP server", record, options);
  }

  #writeRoute(record: RouteRecord, options: PutOptions): RouteDefinition {
    return writeDefinition(this.#database, "routes", "route", record, options);
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
      throw coreErrors.SMSKIT_E_STORE.create(
        { problem: `store ${this.path}: ${(error as Error).message}` },
        { cause: error },
      );
    }
  }
}
