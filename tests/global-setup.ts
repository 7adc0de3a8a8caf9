// On PostgreSQL (SAPAT_TEST_POSTGRES): one migrated template database for the run, which
// every test's database is cloned from, and the run's databases dropped at the end. Names
// carry the run's id, so two runs on one server (developers, helpers, CI) leave each other be.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../prisma/migrate.ts";
import { withDatabaseName } from "../prisma/postgres-admin.ts";
import { POSTGRES_SERVER, psql, templateDatabase, testDatabasePrefix } from "./support/database.ts";

const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;

async function dropRunDatabases(server: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(server, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
      testDatabasePrefix(run),
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function setup(project: TestProject): Promise<void> {
  project.provide("postgresRun", run);
  if (!POSTGRES_SERVER) return;
  psql(`CREATE DATABASE "${templateDatabase(run)}"`);
  await migrate(withDatabaseName(POSTGRES_SERVER, templateDatabase(run)));
}

export async function teardown(): Promise<void> {
  if (!POSTGRES_SERVER) return;
  await dropRunDatabases(POSTGRES_SERVER);
  psql(`DROP DATABASE IF EXISTS "${templateDatabase(run)}" WITH (FORCE)`);
}
