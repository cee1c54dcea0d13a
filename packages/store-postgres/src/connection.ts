import { ConfigurationError } from "@smskit/core";
import pg from "pg";

/** A client of the pool, inside a transaction. */
export type TransactionClient = pg.PoolClient;

/** The URL without its password, for messages (`postgres://user@host:5432/db`). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/** A pool of connections to the store's database; every error becomes a ConfigurationError `SMSKIT_E_STORE`. */
export class Database {
  readonly pool: pg.Pool;
  readonly label: string;

  constructor(url: string, poolConfig: pg.PoolConfig = {}) {
    this.label = describeUrl(url);
    // Without a connect timeout a send would wait forever for a server that does not answer.
    this.pool = new pg.Pool({ max: 10, connectionTimeoutMillis: 5000, ...poolConfig, connectionString: url });
    // An idle connection that breaks (the server restarts) is dropped by the pool; the next query opens another.
    this.pool.on("error", () => {});
  }

  async query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, values as unknown[]);
    } catch (error) {
      throw this.error(error);
    }
  }

  /** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (client: TransactionClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.error(error);
    }
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw this.error(error);
    } finally {
      client.release(broken);
    }
  }

  /** `error` as the store reports it (a ConfigurationError passes through). */
  error(error: unknown): Error {
    if (error instanceof ConfigurationError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ConfigurationError("SMSKIT_E_STORE", `store ${this.label}: ${message}`, { cause: error });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
