// `sapat backup FILE`: a consistent copy of the database while the bot keeps running —
// SQLite's online backup of a file, pg_dump's custom archive of a PostgreSQL database. The
// copy is written under a temporary name and renamed once whole, so a failed backup never
// leaves a half file named like a good one.
import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import { Prisma } from "../../../prisma/generated/client.ts";
import { dumpDatabase, PgToolError, type ToolEnvironment } from "../../../prisma/pg-tools.ts";
import { describeDatabase, type Provider, providerOf } from "../../../prisma/provider.ts";
import { backupSqliteFile, readSqliteFile } from "../../../prisma/store/backup.ts";
import {
  isSystemError,
  partialName,
  putInPlace,
  reasonOf,
  sourceProblem,
  type TableRows,
  tableRows,
  toolProblem,
} from "./files.ts";

export interface BackupRequest {
  databaseUrl: string;
  /** where the backup goes (absolute) */
  file: string;
  /** replace a file already there */
  force: boolean;
  /** PATH (where pg_dump is) and the operator's PG* settings */
  tools: ToolEnvironment;
}

export interface BackupSummary {
  file: string;
  database: string;
  provider: Provider;
  bytes: number;
  /** rows of each table in the backup (PostgreSQL: in the snapshot pg_dump read) */
  tables: TableRows[];
  durationMs: number;
}

export async function backupDatabase(request: BackupRequest, now: () => Date): Promise<Outcome<BackupSummary>> {
  const started = now().getTime();
  const { databaseUrl, file, force } = request;
  const provider = providerOf(databaseUrl);
  const database = describeDatabase(databaseUrl);
  // a folder is never replaced, --force or not: the backup needs a file name
  if (existsSync(file) && statSync(file).isDirectory()) return fail(problem("backupIsFolder", { file }));
  if (existsSync(file) && !force) return fail(problem("backupExists", { file }));
  if (!existsSync(path.dirname(file))) return fail(problem("backupNoDirectory", { dir: path.dirname(file) }));
  const temp = partialName(file);
  try {
    const rows =
      provider === "sqlite" ? await backupSqlite(databaseUrl, temp) : await backupPostgres(databaseUrl, temp, request.tools);
    if (!rows.ok) return rows;
    const placed = putInPlace(temp, file, force);
    if (!placed.ok) return placed;
    return ok({
      file,
      database,
      provider,
      bytes: statSync(file).size,
      tables: tableRows(rows.value),
      durationMs: now().getTime() - started,
    });
  } catch (error) {
    if (error instanceof PgToolError) return fail(toolProblem(error));
    if (isSystemError(error)) return fail(problem("backupFailed", { reason: reasonOf(error) }));
    throw error;
  } finally {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`, `${temp}-journal`]) removeFile(f);
  }
}

async function backupSqlite(databaseUrl: string, temp: string): Promise<Outcome<Map<string, number>>> {
  const source = resolveDatabaseUrl(databaseUrl);
  if (!existsSync(source)) return fail(problem("sourceMissing", { file: source }));
  const refused = sourceProblem(source);
  if (refused) return fail(refused);
  await backupSqliteFile(source, temp);
  const copied = readSqliteFile(temp);
  if (!copied?.sapat) return fail(problem("backupFailed", { reason: source }));
  return ok(copied.rows);
}

async function backupPostgres(databaseUrl: string, temp: string, tools: ToolEnvironment): Promise<Outcome<Map<string, number>>> {
  const rows = await dumpDatabase(databaseUrl, temp, Object.values(Prisma.ModelName), tools);
  if (!rows.has("Institution")) return fail(problem("notSapatDatabase", { db: describeDatabase(databaseUrl) }));
  return ok(rows);
}

/** A temporary file gone, whatever it became (never a reason to hide the first failure). */
function removeFile(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {}
}
