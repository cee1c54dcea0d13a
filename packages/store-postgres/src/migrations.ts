import { ConfigurationError } from "@smskit/core";
import { type Database, quoteIdentifier } from "./connection.js";

/**
 * The store's schema, one migration per version, only ever appended. `{schema}` stands for the
 * store's quoted schema name. The `schema_migrations` table records the versions applied.
 */
export const postgresMigrations: readonly string[] = [
  // 1: definitions (as JSON beside their revision), the last revision of every name ever saved (kept
  //    across deletes), a change counter that every definition write bumps, idempotency keys (a hash,
  //    never the text), the message log (never the text; ids are ULIDs, so they sort by time; the
  //    record as plain text and no index besides the keys, as in SQLite: every send writes a row) and
  //    the gateway ids of each message's parts, and the shared token buckets of rate-limited gateways.
  //    Names and ids compare bytewise (COLLATE "C"), as in SQLite.
  `CREATE TABLE {schema}.gateways (
     name text COLLATE "C" PRIMARY KEY,
     definition json NOT NULL,
     revision bigint NOT NULL,
     updated_at text NOT NULL
   );
   CREATE TABLE {schema}.smtp_servers (LIKE {schema}.gateways INCLUDING ALL);
   CREATE TABLE {schema}.routes (LIKE {schema}.gateways INCLUDING ALL);
   CREATE TABLE {schema}.revisions (
     kind text NOT NULL,
     name text NOT NULL,
     last_revision bigint NOT NULL,
     PRIMARY KEY (kind, name)
   );
   CREATE TABLE {schema}.changes (
     id int PRIMARY KEY CHECK (id = 1),
     counter bigint NOT NULL
   );
   INSERT INTO {schema}.changes (id, counter) VALUES (1, 0);
   CREATE TABLE {schema}.idempotency_keys (
     key text PRIMARY KEY,
     request_hash text NOT NULL,
     state text NOT NULL,
     outcome text,
     expires_at bigint NOT NULL
   );
   CREATE INDEX idempotency_keys_expiry ON {schema}.idempotency_keys (expires_at);
   CREATE TABLE {schema}.messages (
     id text COLLATE "C" PRIMARY KEY,
     gateway text,
     status text NOT NULL,
     record text NOT NULL
   );
   CREATE TABLE {schema}.message_parts (
     gateway text NOT NULL,
     provider_id text NOT NULL,
     message_id text COLLATE "C" NOT NULL,
     PRIMARY KEY (gateway, provider_id)
   );
   CREATE TABLE {schema}.rate_limits (
     gateway text PRIMARY KEY,
     tokens double precision NOT NULL,
     updated_at double precision NOT NULL
   );`,
];

/**
 * Create or migrate the schema. The whole migration is one transaction under an advisory lock
 * (keyed by the schema name), so processes opening a new database together migrate it once.
 */
export async function migrate(
  database: Database,
  schema: string,
  migrations: readonly string[] = postgresMigrations,
): Promise<void> {
  const quoted = quoteIdentifier(schema);
  await database.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`smskit-migrations:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${quoted}.schema_migrations`,
    );
    const version = rows[0]?.version ?? 0;
    if (version > migrations.length) {
      throw new ConfigurationError(
        "SMSKIT_E_STORE_VERSION",
        `the store ${database.label} (schema ${schema}) is at schema version ${version}, written by a newer smskit; this one knows up to ${migrations.length} — upgrade smskit`,
      );
    }
    for (let next = version; next < migrations.length; next++) {
      await client.query((migrations[next] as string).replaceAll("{schema}", quoted));
      await client.query(`INSERT INTO ${quoted}.schema_migrations (version) VALUES ($1)`, [next + 1]);
    }
  });
}
