// The one way the app gets a PrismaClient: the generated client over better-sqlite3
// through Prisma's driver adapter (no native query engine needed).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./database-url.ts";
import { PrismaClient } from "./generated/client.ts";
import { migrate } from "./migrate.ts";
import { registerConnection, type SqliteConnection } from "./store/connections.ts";

export { DEFAULT_DATABASE_URL, REPO_ROOT, resolveDatabaseUrl } from "./database-url.ts";
export { PrismaClient };

/**
 * How long a connection waits for another process's write lock before failing with
 * SQLITE_BUSY, ms. The bot and the CLI (an import) are separate processes on one file: a
 * write that comes while the other one writes should wait its turn, not fail at once.
 */
export const BUSY_TIMEOUT_MS = 15_000;

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
export function createPrisma(databaseUrl: string): PrismaClient {
  const file = resolveDatabaseUrl(databaseUrl);
  // better-sqlite3's `timeout` is SQLite's busy timeout for this connection.
  const adapter = new WalSqlite({ url: file, timeout: BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter });
  registerConnection(client, () => adapter.connection);
  return client;
}

/** Applies pending migrations, then returns a client: what the app does on start. */
export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  await migrate(databaseUrl);
  return createPrisma(databaseUrl);
}
