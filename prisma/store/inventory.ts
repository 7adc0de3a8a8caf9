// What a database file holds, read before anything is allowed to wipe it (the demo). Read
// with better-sqlite3, read-only and without Prisma: the file may be an older Sapat
// database, another program's, or no database at all, and opening it through the app's
// client would migrate it and switch it to WAL.
import Database from "better-sqlite3";
import { Prisma } from "../generated/client.ts";
import type { Db, PrismaClient } from "./db.ts";

/** Who the demo's writes are by (bot/app/demo/build-demo.ts): its registry's audit lines are the demo's own. */
export const DEMO_ACTOR = "sapat demo";

export interface DatabaseInventory {
  /** the tables, when the file is not a Sapat database (no Institution or no migrations table) */
  foreignTables: string[] | null;
  users: { telegramId: string; role: string; unit: string | null; name: string | null }[];
  invites: number;
  institutions: string[];
  imports: { kind: string; fileName: string; enteredBy: string }[];
  /** figures typed in (every write is in the audit log) and data requests made */
  entries: number;
}

/** Null when the file is not a SQLite database. */
export function inspectDatabaseFile(file: string): DatabaseInventory | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    const has = (t: string) => tables.includes(t);
    const empty: DatabaseInventory = { foreignTables: null, users: [], invites: 0, institutions: [], imports: [], entries: 0 };
    if (!tables.length) return empty;
    if (!has("_prisma_migrations") || !has("Institution")) return { ...empty, foreignTables: tables };
    // only columns every Sapat schema has had, so an older file reads too
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      foreignTables: null,
      users: has("User")
        ? all<DatabaseInventory["users"][number]>(
            `SELECT u.telegramId, u.role, n.code AS unit, u.firstName AS name FROM "User" u LEFT JOIN "Unit" n ON n.id = u.scopeUnitId ORDER BY u.id`,
          )
        : [],
      invites: has("Invite") ? (db.prepare(`SELECT count(*) AS n FROM "Invite"`).get() as { n: number }).n : 0,
      institutions: all<{ code: string }>(`SELECT code FROM "Institution" ORDER BY id`).map((i) => i.code),
      imports: has("ImportBatch")
        ? all<DatabaseInventory["imports"][number]>(`SELECT kind, fileName, enteredBy FROM "ImportBatch" ORDER BY id`)
        : [],
      entries:
        (has("AuditEntry")
          ? count(`SELECT count(*) AS n FROM "AuditEntry" WHERE outcome = 'written' AND actor <> '${DEMO_ACTOR}'`)
          : 0) + (has("DataRequest") ? count(`SELECT count(*) AS n FROM "DataRequest"`) : 0),
    };
  } catch {
    return null; // "file is not a database" comes at the first statement
  } finally {
    db.close();
  }
}

/**
 * The same inventory of a server database, read through the app's client (a PostgreSQL
 * database is always migrated first, so it has every table).
 */
export async function inspectDatabase(db: Db): Promise<DatabaseInventory> {
  const [users, invites, institutions, imports, entries, requests] = await Promise.all([
    db.user.findMany({
      select: { telegramId: true, role: true, firstName: true, scopeUnit: { select: { code: true } } },
      orderBy: { id: "asc" },
    }),
    db.invite.count(),
    db.institution.findMany({ select: { code: true }, orderBy: { id: "asc" } }),
    db.importBatch.findMany({ select: { kind: true, fileName: true, enteredBy: true }, orderBy: { id: "asc" } }),
    db.auditEntry.count({ where: { outcome: "written", actor: { not: DEMO_ACTOR } } }),
    db.dataRequest.count(),
  ]);
  return {
    foreignTables: null,
    users: users.map((u) => ({ telegramId: u.telegramId, role: u.role, unit: u.scopeUnit?.code ?? null, name: u.firstName })),
    invites,
    institutions: institutions.map((i) => i.code),
    imports,
    entries: entries + requests,
  };
}

/** Empties every table of a PostgreSQL database (the demo's rebuild), ids restarting at 1. */
export async function emptyPostgresTables(db: PrismaClient): Promise<void> {
  const tables = Object.values(Prisma.ModelName).map((name) => `"${name}"`);
  await db.$executeRawUnsafe(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`);
}
