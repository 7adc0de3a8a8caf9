// Which database the tests run on. `npm test` uses SQLite files; with SAPAT_TEST_POSTGRES
// set to a server URL (scripts/postgres.sh start prints one) every test gets a database of
// its own on that server instead, cloned from a migrated template (tests/global-setup.ts).
// Synchronous like the file path it stands in for: createdb is a child process.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { withDatabaseName } from "../../prisma/postgres-admin.ts";

/** The PostgreSQL server the tests run on, or undefined for SQLite. */
export const POSTGRES_SERVER = process.env.SAPAT_TEST_POSTGRES || undefined;
export const onPostgres = POSTGRES_SERVER !== undefined;
/** The migrated database every test database is cloned from. */
export const TEMPLATE_DATABASE = "sapat_test_template";
export const TEST_DATABASE_PREFIX = "sapat_t_";

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
  const database = `${TEST_DATABASE_PREFIX}${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  psql(`CREATE DATABASE "${database}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  return withDatabaseName(POSTGRES_SERVER, database);
}

/** A fresh, empty (unmigrated) database for tests of migrating itself. */
export function emptyDatabaseUrl(dir: string, name = "empty"): string {
  if (!POSTGRES_SERVER) return `file:${path.join(dir, `${name}.db`)}`;
  const database = `${TEST_DATABASE_PREFIX}${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  psql(`CREATE DATABASE "${database}"`);
  return withDatabaseName(POSTGRES_SERVER, database);
}
