// The one way the app gets a PrismaClient, chosen by the URL: the generated client over
// better-sqlite3 for `file:` URLs, or over node-postgres for `postgres://` ones, each
// through Prisma's driver adapter (no native query engine needed).
import { existsSync } from "node:fs";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { DatabaseProblem, resolveDatabaseUrl } from "./database-url.ts";
import { PrismaClient } from "./generated/client.ts";
import { PrismaClient as PostgresPrismaClient } from "./generated-postgresql/client.ts";
import { migrate } from "./migrate.ts";
import { parsePgUrl, pgConfig } from "./pg-url.ts";
import { describeDatabase, isPostgres } from "./provider.ts";
import { registerConnection, type SqliteConnection } from "./store/connections.ts";
import { registerDialect } from "./store/dialect.ts";

export { DatabaseProblem, DEFAULT_DATABASE_URL, REPO_ROOT, resolveDatabaseUrl } from "./database-url.ts";
export { PrismaClient };

/**
 * How long a connection waits for another process's write lock before failing with
 * SQLITE_BUSY, ms. The bot and the CLI (an import) are separate processes on one file: a
 * write that comes while the other one writes should wait its turn, not fail at once.
 * better-sqlite3 waits synchronously (the event loop stands still meanwhile), so one wait is
 * kept moderate; the store retries a busy write transaction a few times (retryBusy) instead.
 */
export const BUSY_TIMEOUT_MS = 5_000;

export interface DatabaseOptions {
  /** SQLite's busy timeout for this client's connection, ms; default BUSY_TIMEOUT_MS */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in this process's pool; default the URL's `connection_limit`, else 10 */
  poolSize?: number;
}

export interface OpenOptions extends DatabaseOptions {
  /**
   * A missing file is created (default), or refused with `databaseMissing`: for the bot a
   * vanished file is a lost database, and a new empty one would lock every user out.
   */
  ifMissing?: "create" | "refuse";
  /** Told the absolute path once, just before a new database file is created. */
  onCreate?: (file: string) => void;
}

/**
 * The adapter with WAL switched on for every connection. In WAL mode readers never wait
 * for a writer (nor a writer for readers): the bot keeps answering from the last committed
 * data while an import's transaction is open. The journal mode is stored in the file, so
 * setting it again on every connection costs nothing and covers files made before.
 */
class WalSqlite extends PrismaBetterSqlite3 {
  /** the connection Prisma opened, for bulk inserts (prisma/store/connections.ts) */
  connection: SqliteConnection | undefined;

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL;");
    this.connection = (adapter as unknown as { client?: SqliteConnection }).client;
    return adapter;
  }
}

/**
 * A PrismaClient on the SQLite database at `databaseUrl` (`file:` paths are relative to
 * the repo root, as in migrate()). Does not migrate: see openDatabase.
 */
export function createPrisma(databaseUrl: string, options: DatabaseOptions = {}): PrismaClient {
  if (isPostgres(databaseUrl)) return createPostgresPrisma(databaseUrl, options);
  const file = resolveDatabaseUrl(databaseUrl);
  // better-sqlite3's `timeout` is SQLite's busy timeout for this connection.
  const adapter = new WalSqlite({ url: file, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter });
  registerConnection(client, () => adapter.connection);
  registerDialect(client, "sqlite");
  return client;
}

/**
 * The PostgreSQL client. Its models are the SQLite schema's (a test keeps the two schemas
 * identical in models), so it is typed as the one PrismaClient the store is written against.
 * `connection_limit` and `schema` are Prisma's URL parameters, not libpq's (pg-url.ts).
 */
function createPostgresPrisma(databaseUrl: string, options: DatabaseOptions): PrismaClient {
  const url = parsePgUrl(databaseUrl);
  const max = options.poolSize ?? url.limit ?? 10;
  const adapter = new PrismaPg(
    { ...pgConfig(url), max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    url.schema ? { schema: url.schema } : undefined,
  );
  const client = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  registerDialect(client, "postgresql");
  return client;
}

/** How long opening a PostgreSQL connection may take before the call fails, ms. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Applies pending migrations, then returns a client: what the app does on start. Every way
 * this can fail is a DatabaseProblem (a malformed URL, a missing file when refused, a file
 * that cannot be opened, created or migrated), so a trigger can say it in one line.
 */
export async function openDatabase(databaseUrl: string, options: OpenOptions = {}): Promise<PrismaClient> {
  const postgres = isPostgres(databaseUrl);
  const file = postgres ? describeDatabase(databaseUrl) : resolveDatabaseUrl(databaseUrl);
  // a server database is made by its administrator: only a SQLite file is created here
  if (!postgres && file !== ":memory:" && !existsSync(file)) {
    if (options.ifMissing === "refuse") throw new DatabaseProblem("databaseMissing", { file });
    options.onCreate?.(file);
  }
  try {
    await migrate(databaseUrl);
  } catch (error) {
    if (error instanceof DatabaseProblem) throw error;
    // migrate() names the file too; the problem's wording already does
    const message = (error instanceof Error ? error.message : String(error))
      .replace(`Migrating ${file} failed: `, "")
      .replace(`Cannot migrate ${file}: `, "")
      .replace(`Cannot connect to ${file}: `, "");
    const reason = (message.split("\n")[0] ?? message).slice(0, 300);
    throw new DatabaseProblem("databaseUnusable", { file, reason }, { cause: error });
  }
  return createPrisma(databaseUrl, options);
}
