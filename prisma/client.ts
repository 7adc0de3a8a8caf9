// The one way the app gets a PrismaClient: the generated client over better-sqlite3
// through Prisma's driver adapter (no native query engine needed).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./database-url.ts";
import { PrismaClient } from "./generated/client.ts";
import { migrate } from "./migrate.ts";

export { DEFAULT_DATABASE_URL, REPO_ROOT, resolveDatabaseUrl } from "./database-url.ts";
export { PrismaClient };

/**
 * A PrismaClient on the SQLite database at `databaseUrl` (`file:` paths are relative to
 * the repo root, as in migrate()). Does not migrate: see openDatabase.
 */
export function createPrisma(databaseUrl: string): PrismaClient {
  const file = resolveDatabaseUrl(databaseUrl);
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
}

/** Applies pending migrations, then returns a client: what the app does on start. */
export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  await migrate(databaseUrl);
  return createPrisma(databaseUrl);
}
