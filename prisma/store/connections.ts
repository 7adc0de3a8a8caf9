// The better-sqlite3 connection under a PrismaClient, where there is one: bulk inserts run
// prepared statements on it directly, inside the transaction Prisma opened on the same
// connection. Prisma's own path serialises every bound value through its query layer (about
// 1 s per 50 000 rows); the prepared statement is what the raw-insert anchor does.
// It relies on the adapter keeping its connection in `client` (pinned @prisma/adapter-better-sqlite3
// 7.10.0; tests/integration/import-scale.test.ts fails if that changes).

/** The part of a better-sqlite3 Database the bulk insert uses. */
export interface SqliteConnection {
  prepare(sql: string): { run(...params: unknown[]): unknown };
}

const connections = new WeakMap<object, () => SqliteConnection | undefined>();

/** Called where the client is made: how to reach its connection once Prisma has opened it. */
export function registerConnection(client: object, connection: () => SqliteConnection | undefined): void {
  connections.set(client, connection);
}

/** The connection under a client (or a transaction client registered with it), if any. */
export function connectionOf(client: object): SqliteConnection | undefined {
  return connections.get(client)?.();
}
