/**
 * The SQLite store's schema, one migration per version. `PRAGMA user_version` records the
 * version a file is at; a migration runs inside the transaction that bumps it. Migrations
 * are only ever appended.
 */
export const sqliteMigrations: readonly string[] = [
  // 1: gateway definitions, and the last revision of every name ever saved (kept across deletes).
  `CREATE TABLE gateways (
     name TEXT PRIMARY KEY,
     provider TEXT NOT NULL,
     description TEXT NOT NULL DEFAULT '',
     parameters TEXT NOT NULL,
     options TEXT NOT NULL,
     headers TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE gateway_revisions (
     name TEXT PRIMARY KEY,
     last_revision INTEGER NOT NULL
   ) STRICT;`,
  // 2: options and headers the user flagged secret; central SMTP server definitions.
  `ALTER TABLE gateways ADD COLUMN secret_options TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE gateways ADD COLUMN secret_headers TEXT NOT NULL DEFAULT '[]';
   CREATE TABLE smtp_servers (
     name TEXT PRIMARY KEY,
     definition TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE smtp_server_revisions (
     name TEXT PRIMARY KEY,
     last_revision INTEGER NOT NULL
   ) STRICT;`,
  // 3: gateway policies (rate limit, retries, breaker); routes; idempotency keys (a hash, never the text).
  `ALTER TABLE gateways ADD COLUMN policies TEXT NOT NULL DEFAULT '{}';
   CREATE TABLE routes (
     name TEXT PRIMARY KEY,
     definition TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE route_revisions (
     name TEXT PRIMARY KEY,
     last_revision INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE idempotency_keys (
     key TEXT PRIMARY KEY,
     request_hash TEXT NOT NULL,
     state TEXT NOT NULL,
     outcome TEXT,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);`,
  // 4: the message log (never the message text; ids are ULIDs, so they sort by time) and the
  //    gateway ids of each message's parts, to match receipts.
  `CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     gateway TEXT,
     status TEXT NOT NULL,
     record TEXT NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE message_parts (
     gateway TEXT NOT NULL,
     provider_id TEXT NOT NULL,
     message_id TEXT NOT NULL,
     PRIMARY KEY (gateway, provider_id)
   ) STRICT, WITHOUT ROWID;`,
];
