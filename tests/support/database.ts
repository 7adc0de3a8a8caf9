// Which database the tests run on. `npm test` uses SQLite files; with SAPAT_TEST_POSTGRES
// set to a server URL (scripts/postgres.sh start prints one) every test gets a database of
// its own on that server instead, cloned from a migrated template (tests/global-setup.ts).
// Synchronous like the file path it stands in for: createdb is a child process.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { inject } from "vitest";
import { withDatabaseName } from "../../prisma/postgres-admin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** this run's id on the PostgreSQL server: runs side by side must not drop each other's databases */
    postgresRun: string;
  }
}

/** The PostgreSQL server the tests run on, or undefined for SQLite. */
export const POSTGRES_SERVER = process.env.SAPAT_TEST_POSTGRES || undefined;
export const onPostgres = POSTGRES_SERVER !== undefined;
/** The migrated database a run's test databases are cloned from. */
export const templateDatabase = (run: string) => `sapat_tpl_${run}`;
/** Every test database of a run starts with this. */
export const testDatabasePrefix = (run: string) => `sapat_t_${run}_`;

/** Runs one statement on the server's maintenance database. */
export function psql(sql: string): void {
  if (!POSTGRES_SERVER) throw new Error("not on PostgreSQL");
  execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", withDatabaseName(POSTGRES_SERVER, "postgres"), "-c", sql], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/**
 * A fresh database for a test: `file:<dir>/<name>.db` on SQLite; on PostgreSQL a new
 * database cloned from the migrated template (dropped by the global teardown).
 */
export function testDatabaseUrl(dir: string, name = "test"): string {
  if (!POSTGRES_SERVER) return `file:${path.join(dir, `${name}.db`)}`;
  const run = inject("postgresRun");
  const database = `${testDatabasePrefix(run)}${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  psql(`CREATE DATABASE "${database}" TEMPLATE "${templateDatabase(run)}"`);
  return withDatabaseName(POSTGRES_SERVER, database);
}

/** A fresh, empty (unmigrated) database for tests of migrating itself. */
export function emptyDatabaseUrl(dir: string, name = "empty"): string {
  if (!POSTGRES_SERVER) return `file:${path.join(dir, `${name}.db`)}`;
  const database = `${testDatabasePrefix(inject("postgresRun"))}${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  psql(`CREATE DATABASE "${database}"`);
  return withDatabaseName(POSTGRES_SERVER, database);
}
