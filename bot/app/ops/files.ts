// What the backup, restore and copy use cases share: which kind a file is, a new file put in
// place only once it is whole, and the counts a summary lists.
import { closeSync, existsSync, linkSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { fail, type Outcome, ok, type Problem, problem } from "../../../core/index.ts";
import type { PgToolError } from "../../../prisma/pg-tools.ts";
import { type Contents, checkSqliteFile, institutionsOf, readSqliteFile, usersOf } from "../../../prisma/store/backup.ts";

export interface TableRows {
  table: string;
  rows: number;
}

/**
 * Whether a SQLite file can be read as Sapat's: yes, not Sapat's, or damaged — SQLite's
 * header but pages it cannot read (a backup cut short in a copy), in SQLite's words. With
 * `everyPage`, one that reads as Sapat's goes through SQLite's quick_check too (a backup
 * about to be restored).
 */
export function sapatFileState(file: string, everyPage = false): "sapat" | "notSapat" | { damaged: string } {
  const sapat = readSqliteFile(file)?.sapat === true;
  if (sapat && !everyPage) return "sapat";
  const damage = fileKind(file) === "sqlite" ? checkSqliteFile(file) : "ok";
  if (damage !== "ok") return { damaged: damage };
  return sapat ? "sapat" : "notSapat";
}

/** Why a SQLite database cannot be read from (to back up or copy), if it cannot. */
export function sourceProblem(file: string): Problem | null {
  const state = sapatFileState(file);
  if (state === "sapat") return null;
  if (state === "notSapat") return problem("notSapatDatabase", { db: file });
  return problem("databaseDamaged", { db: file, reason: state.damaged });
}

/** A backup file by its first bytes: SQLite's header, pg_dump's custom archive, or neither. */
export function fileKind(file: string): "sqlite" | "pgdump" | null {
  const head = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const n = readSync(fd, head, 0, 16, 0);
    if (n === 16 && head.toString("latin1") === "SQLite format 3\0") return "sqlite";
    if (n >= 5 && head.toString("latin1", 0, 5) === "PGDMP") return "pgdump";
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The name a file has while it is written: never the name of a good one. */
export const partialName = (file: string) => `${file}.partial-${process.pid}`;

/**
 * Puts a finished temporary file at `file`: a hard link fails if `file` appeared meanwhile,
 * so without `force` nothing is ever overwritten; with it, a rename replaces it at once.
 */
export function putInPlace(temp: string, file: string, force: boolean): Outcome<void> {
  if (force) {
    renameSync(temp, file);
    return ok(undefined);
  }
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fail(problem("backupExists", { file }));
    // a file system without hard links: checked, then renamed
    if (existsSync(file)) return fail(problem("backupExists", { file }));
    renameSync(temp, file);
    return ok(undefined);
  }
  rmSync(temp, { force: true });
  return ok(undefined);
}

export function tableRows(rows: Map<string, number>): TableRows[] {
  return [...rows].map(([table, n]) => ({ table, rows: n }));
}

export const totalRows = (tables: readonly TableRows[]) => tables.reduce((s, t) => s + t.rows, 0);

/** How long a running bot's or worker's sender lease still runs, in ms (it keeps it ahead of now); 0 when none does. */
export function leaseLeftMs(contents: Contents, now: Date): number {
  return contents.leaseUntil ? Math.max(0, contents.leaseUntil.getTime() - now.getTime()) : 0;
}

/** A database in use: its sender lease still runs. */
export function inUse(contents: Contents, now: Date, database: string): Problem | null {
  return leaseLeftMs(contents, now) > 0 ? problem("databaseInUse", { db: database }) : null;
}

/** A database whose data a restore would replace: what it holds, by what a reader knows. */
export function notEmpty(contents: Contents, database: string): Problem {
  return problem("restoreNotEmpty", {
    db: database,
    institutions: institutionsOf(contents),
    users: usersOf(contents),
    rows: totalRows(tableRows(contents.rows)),
  });
}

/** pg_dump or pg_restore missing or failing, as a problem. */
export function toolProblem(error: PgToolError): Problem {
  return error.reason === null
    ? problem("pgToolMissing", { tool: error.tool })
    : problem("pgToolFailed", { tool: error.tool, reason: error.reason });
}

/** A failure of the file system or of SQLite (disk full, no permission), not of the program. */
export function isSystemError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && /^(E[A-Z]+|SQLITE_[A-Z_]+)$/.test(code);
}

/** An error in one line: its first, or for Prisma's "Invalid `…` invocation" its last, which says why. */
export function reasonOf(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines[0]?.startsWith("Invalid `") ? lines.at(-1) : lines[0];
  return (line ?? "").slice(0, 300);
}
