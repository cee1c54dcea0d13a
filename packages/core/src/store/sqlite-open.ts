import { createRequire } from "node:module";
import type { DatabaseSync } from "node:sqlite";
import { coreErrors } from "../errors.js";
import { sqliteMigrations } from "./sqlite-migrations.js";

/** Whether SQLite refused because another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${(error as { code?: string })?.code ?? ""}`;
  return /database is locked|SQLITE_BUSY/i.test(text);
}

/** Bring the file's schema to this smskit's version (refusing a newer one). */
export function migrate(database: DatabaseSync, path: string): void {
  database.exec("BEGIN IMMEDIATE");
  try {
    const { user_version: version } = database.prepare("PRAGMA user_version").get() as {
      user_version: number;
    };
    if (version > sqliteMigrations.length) {
      throw coreErrors.SMSKIT_E_STORE_VERSION.create({
        problem: `the store ${path} is at schema version ${version}, written by a newer smskit; this one knows up to ${sqliteMigrations.length} — upgrade smskit`,
      });
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

/**
 * Load `node:sqlite` without its "experimental" warning on the Node versions that print one.
 * Loaded with `require`, which every bundler and test runner leaves to Node.
 */
export function loadSqlite(): typeof import("node:sqlite") {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("SQLite")) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");
  } catch (error) {
    throw coreErrors.SMSKIT_E_STORE.create(
      {
        problem: `this Node.js (${process.versions.node}) has no usable node:sqlite: ${(error as Error).message}; use Node.js 22.13 or newer, or start Node with --experimental-sqlite (NODE_OPTIONS=--experimental-sqlite)`,
      },
      { cause: error },
    );
  } finally {
    process.emitWarning = emitWarning;
  }
}
