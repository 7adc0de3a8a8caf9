// Backups of a SQLite database and what a database (or a backup of one) holds. The backup
// is SQLite's online backup: a consistent copy while the bot keeps writing (WAL mode: its
// writes go on, the copy reads one snapshot). Files are read with better-sqlite3, read-only:
// opening a backup through the app's client would migrate it and switch it to WAL.
import Database from "better-sqlite3";
import { Prisma } from "../generated/client.ts";
import type { PrismaClient } from "./db.ts";

const MODELS: readonly string[] = Object.values(Prisma.ModelName);

/** What a database holds, in words a refusal can use. */
export interface Contents {
  /** rows of each Sapat table present, in Prisma's model order */
  rows: Map<string, number>;
  /** it has Sapat's tables (the migrations table and Institution) */
  sapat: boolean;
  /** when the latest sender lease runs out: a running bot or worker keeps renewing it */
  leaseUntil: Date | null;
}

export const institutionsOf = (c: Contents) => c.rows.get("Institution") ?? 0;
export const usersOf = (c: Contents) => c.rows.get("User") ?? 0;
/** Whether it holds anything at all worth refusing to replace. */
export const holdsData = (c: Contents) => [...c.rows.values()].some((n) => n > 0);

/**
 * A consistent copy of the SQLite file at `file` written to `destination` (a new file). All
 * pages go in one step after the first, so another process's commit can only restart the
 * copy, never leave it mixed, and cannot starve it.
 */
export async function backupSqliteFile(file: string, destination: string): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // one self-contained file: no -wal or -shm appear beside it when it is read
  const copy = new Database(destination, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
}

/** What a SQLite file holds; null when it is not a SQLite database. */
export function readSqliteFile(file: string): Contents | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    const rows = new Map<string, number>();
    for (const m of MODELS.filter((m) => tables.has(m)))
      rows.set(m, (db.prepare(`SELECT count(*) AS n FROM "${m}"`).get() as { n: number }).n);
    const until = tables.has("WorkerLease")
      ? (db.prepare(`SELECT max("until") AS until FROM "WorkerLease"`).get() as { until: string | null }).until
      : null;
    return {
      rows,
      sapat: tables.has("_prisma_migrations") && tables.has("Institution"),
      leaseUntil: until === null ? null : new Date(until),
    };
  } catch {
    return null; // "file is not a database" comes at the first statement
  } finally {
    db.close();
  }
}

/**
 * SQLite's own check of a file's pages and indexes: "ok", or the first problem it found, in
 * SQLite's words (a cut-short file: "database disk image is malformed").
 */
export function checkSqliteFile(file: string): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const first = db.prepare("PRAGMA quick_check").get() as Record<string, string> | undefined;
    return first ? (Object.values(first)[0] ?? "ok") : "ok";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

/**
 * Moves the WAL of a file into it and removes the WAL, so the file alone is the database
 * (before it is renamed over another one, whose old -wal must not be replayed onto it).
 */
export function settleSqliteFile(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

/** Whether a failure is a table that does not exist (an empty, unmigrated database). */
function isMissingTable(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2021";
}

/** What a database holds, through the app's client; tables it lacks are left out. */
export async function readDatabase(db: PrismaClient): Promise<Contents> {
  const rows = new Map<string, number>();
  for (const m of MODELS) {
    const model = (db as unknown as Record<string, { count(): Promise<number> }>)[m.charAt(0).toLowerCase() + m.slice(1)];
    try {
      rows.set(m, (await model?.count()) ?? 0);
    } catch (error) {
      if (!isMissingTable(error)) throw error;
    }
  }
  let leaseUntil: Date | null = null;
  if (rows.has("WorkerLease"))
    leaseUntil = (await db.workerLease.findFirst({ orderBy: { until: "desc" }, select: { until: true } }))?.until ?? null;
  return { rows, sapat: rows.has("Institution"), leaseUntil };
}
