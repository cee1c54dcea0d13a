import type { DatabaseSync } from "node:sqlite";
import type { GatewayDefinition } from "../gateway-definition.js";
import type { GatewayPolicies } from "../gateway-policies.js";
import type { SmtpServerDefinition } from "../smtp-server.js";
import type { GatewayRecord, PutOptions, SmtpServerRecord } from "./gateway-store.js";
import { checkExpectedRevision } from "./memory-store.js";

// How the SQLite store keeps definitions: gateways in columns, SMTP servers and routes as JSON,
// each beside its revision; a name's revisions are never reused, also after a delete.

export interface GatewayRow {
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

export interface SmtpServerRow {
  definition: string;
  revision: number;
  updated_at: string;
}

/** Save a gateway, reserving its next revision. */
export function writeGateway(
  database: DatabaseSync,
  record: GatewayRecord,
  options: PutOptions,
): GatewayDefinition {
  const revision = nextRevision(database, "gateways", "gateway_revisions", "gateway", record.name, options);
  const stored: GatewayDefinition = { ...record, revision, updatedAt: new Date().toISOString() };
  database
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

/** Save a definition kept as JSON beside its revision (SMTP servers, routes). */
export function writeDefinition<Record extends { name: string }>(
  database: DatabaseSync,
  table: "smtp_servers" | "routes",
  kind: string,
  record: Record,
  options: PutOptions,
): Record & { revision: number; updatedAt: string } {
  const revisions = table === "routes" ? "route_revisions" : "smtp_server_revisions";
  const revision = nextRevision(database, table, revisions, kind, record.name, options);
  const stored = { ...record, revision, updatedAt: new Date().toISOString() };
  database
    .prepare(
      `INSERT INTO ${table} (name, definition, revision, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, revision = excluded.revision,
         updated_at = excluded.updated_at`,
    )
    .run(stored.name, JSON.stringify(record), stored.revision, stored.updatedAt);
  return structuredClone(stored);
}

/** Check the expected revision and reserve the next one for a name (never reused, also after a delete). */
function nextRevision(
  database: DatabaseSync,
  table: string,
  revisions: string,
  kind: string,
  name: string,
  options: PutOptions,
): number {
  const current = database.prepare(`SELECT revision FROM ${table} WHERE name = ?`).get(name) as
    | { revision: number }
    | undefined;
  checkExpectedRevision(kind, name, current?.revision ?? 0, options);
  const last = database.prepare(`SELECT last_revision FROM ${revisions} WHERE name = ?`).get(name) as
    | { last_revision: number }
    | undefined;
  const revision = (last?.last_revision ?? 0) + 1;
  database
    .prepare(
      `INSERT INTO ${revisions} (name, last_revision) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET last_revision = excluded.last_revision`,
    )
    .run(name, revision);
  return revision;
}

export function gatewayFromRow(row: GatewayRow): GatewayDefinition {
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

export function smtpServerFromRow(row: SmtpServerRow): SmtpServerDefinition {
  return definitionFromRow<SmtpServerRecord>(row);
}

/** A definition kept as JSON beside its revision (SMTP servers, routes). */
export function definitionFromRow<Record>(
  row: SmtpServerRow,
): Record & { revision: number; updatedAt: string } {
  return { ...(JSON.parse(row.definition) as Record), revision: row.revision, updatedAt: row.updated_at };
}
