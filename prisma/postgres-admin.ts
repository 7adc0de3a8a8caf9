// Making and dropping PostgreSQL databases on the server a URL names: a temporary empty
// database for the migration drift check, one database per test file, restore targets.
// Names are checked, never interpolated from user text unchecked.
import { randomUUID } from "node:crypto";
import pg from "pg";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedName(name: string): string {
  if (!NAME.test(name)) throw new Error(`Not a database name we make: ${name}`);
  return name;
}

/** The same server URL with another database name. */
export function withDatabaseName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${checkedName(name)}`;
  return url.toString();
}

/** The database a URL names. */
export function databaseNameOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, "")) || "postgres";
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in the target). */
async function onServer(databaseUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(databaseUrl, "postgres"), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(databaseUrl: string, name: string, template?: string): Promise<string> {
  const from = template ? ` TEMPLATE "${checkedName(template)}"` : "";
  await onServer(databaseUrl, [`CREATE DATABASE "${checkedName(name)}"${from}`]);
  return withDatabaseName(databaseUrl, name);
}

export async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  await onServer(databaseUrl, [`DROP DATABASE IF EXISTS "${checkedName(name)}" WITH (FORCE)`]);
}

/** A new empty database on the same server for the length of fn, then dropped. */
export async function withTemporaryDatabase<T>(databaseUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `sapat_tmp_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const url = await createDatabase(databaseUrl, name);
  try {
    return await fn(url);
  } finally {
    await dropDatabase(databaseUrl, name);
  }
}

/**
 * A URL's `?schema=` (PgUrl.schema), created when missing (as Prisma's migrate does), on a
 * connection the caller has opened to that database. Creating needs the right to; an
 * existing one does not.
 */
export async function ensureSchema(client: pg.Client, schema: string | undefined): Promise<void> {
  if (!schema) return;
  const found = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  // the name was checked by parsePgUrl: letters, digits, _ and $ only
  if (!found.rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
}
