// On PostgreSQL (SAPAT_TEST_POSTGRES): one migrated template database for the run, which
// every test's database is cloned from, and every test database dropped at the end.
import pg from "pg";
import { migrate } from "../prisma/migrate.ts";
import { withDatabaseName } from "../prisma/postgres-admin.ts";
import { POSTGRES_SERVER, psql, TEMPLATE_DATABASE, TEST_DATABASE_PREFIX } from "./support/database.ts";

async function dropTestDatabases(server: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(server, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  if (!POSTGRES_SERVER) return;
  await dropTestDatabases(POSTGRES_SERVER);
  psql(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  psql(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  await migrate(withDatabaseName(POSTGRES_SERVER, TEMPLATE_DATABASE));
}

export async function teardown(): Promise<void> {
  if (!POSTGRES_SERVER) return;
  await dropTestDatabases(POSTGRES_SERVER);
}
