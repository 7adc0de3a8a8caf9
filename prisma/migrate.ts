// Brings a database up to its provider's migrations (prisma/db/<provider>/migrations). The
// app calls migrate() on every start, so a fresh machine needs no manual step (and no
// Prisma CLI engine binary).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveDatabaseUrl } from "./database-url.ts";
import { parsePgUrl, pgConfig } from "./pg-url.ts";
import { ensureSchema } from "./postgres-admin.ts";
import { describeDatabase, isPostgres, migrationsDirOf } from "./provider.ts";
import { MigrationHistoryError, readMigrationsList, type SchemaEngineOptions, withSchemaEngine } from "./schema-engine.ts";

export { DEFAULT_DATABASE_URL, REPO_ROOT, resolveDatabaseUrl } from "./database-url.ts";

/**
 * Creates the SQLite file (and its directory) if missing and applies every pending
 * migration from prisma/migrations, recording them in `_prisma_migrations` as the Prisma
 * CLI does. Throws when an applied migration was edited, a migration failed (now or
 * earlier), or the database knows migrations this code does not.
 * @param options other schema/migrations locations (tests); the app passes none
 * @returns the names of the migrations applied now (empty when already up to date)
 */
export async function migrate(
  databaseUrl: string,
  options: Pick<SchemaEngineOptions, "migrationsDir" | "schemaPath"> = {},
): Promise<{ applied: string[] }> {
  if (isPostgres(databaseUrl)) return migratePostgres(databaseUrl, options);
  const file = resolveDatabaseUrl(databaseUrl);
  if (file === ":memory:") {
    // Each connection gets its own in-memory database, so migrating one is pointless.
    throw new Error("migrate() needs a SQLite file, not :memory:");
  }
  const migrationDirectories = await migrationsOf(options.migrationsDir ?? migrationsDirOf("sqlite"));
  if (isUpToDate(file, migrationDirectories)) return { applied: [] };
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    const applied = await withSchemaEngine(`file:${file}`, (engine) => engine.applyMigrations(), options);
    return { applied };
  } catch (error) {
    if (error instanceof MigrationHistoryError) {
      throw new Error(`Cannot migrate ${file}: ${error.message}`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migrating ${file} failed: ${message}`, { cause: error });
  }
}

type MigrationDirs = Awaited<ReturnType<typeof readMigrationsList>>["migrationDirectories"];
interface AppliedRow {
  name: string;
  checksum: string;
  finished: unknown;
  rolledBack: unknown;
}
const APPLIED_SQL =
  'SELECT migration_name AS "name", checksum, finished_at AS "finished", rolled_back_at AS "rolledBack" FROM _prisma_migrations';

async function migrationsOf(migrationsDir: string): Promise<MigrationDirs> {
  const { migrationDirectories } = await readMigrationsList(migrationsDir);
  if (migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsDir}; the database would have no tables.`);
  }
  return migrationDirectories;
}

/**
 * PostgreSQL: the same, on a database that must exist (its administrator creates it). The
 * engine takes PostgreSQL's advisory lock while it migrates, so instances that start
 * together apply each migration once.
 */
async function migratePostgres(
  databaseUrl: string,
  options: Pick<SchemaEngineOptions, "migrationsDir" | "schemaPath">,
): Promise<{ applied: string[] }> {
  const where = describeDatabase(databaseUrl);
  const dirs = await migrationsOf(options.migrationsDir ?? migrationsDirOf("postgresql"));
  if (await isPostgresUpToDate(databaseUrl, dirs)) return { applied: [] };
  try {
    return { applied: await withSchemaEngine(databaseUrl, (engine) => engine.applyMigrations(), options) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const verb = error instanceof MigrationHistoryError ? "Cannot migrate" : "Migrating";
    throw new Error(`${verb} ${where}${verb === "Migrating" ? " failed" : ""}: ${message}`, { cause: error });
  }
}

async function isPostgresUpToDate(databaseUrl: string, dirs: MigrationDirs): Promise<boolean> {
  const url = parsePgUrl(databaseUrl);
  const client = new pg.Client({ ...pgConfig(url), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await ensureSchema(client, url.schema);
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to ${describeDatabase(databaseUrl)}: ${reason}`, { cause: error });
  }
  try {
    const { rows } = await client.query<AppliedRow>(APPLIED_SQL);
    return matches(rows, dirs);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Every migration recorded as applied, none failed, none unknown, every checksum equal. */
function matches(rows: AppliedRow[], dirs: MigrationDirs): boolean {
  const applied = rows.filter((r) => r.rolledBack === null);
  if (applied.length !== dirs.length || applied.some((r) => r.finished === null)) return false;
  const byName = new Map(applied.map((r) => [r.name, r.checksum]));
  return dirs.every(
    (d) =>
      d.migrationFile.content.tag === "ok" &&
      byName.get(d.path) === createHash("sha256").update(d.migrationFile.content.value).digest("hex"),
  );
}

/**
 * Every migration recorded as applied, none failed, none unknown, every checksum equal:
 * then the WebAssembly engine (≈0.6 s to load, ≈50 MB kept) need not be started at all.
 * Anything else, even an unreadable table, goes to the engine, which decides and explains.
 */
function isUpToDate(file: string, dirs: MigrationDirs): boolean {
  if (!existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return matches(db.prepare(APPLIED_SQL).all() as AppliedRow[], dirs);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
