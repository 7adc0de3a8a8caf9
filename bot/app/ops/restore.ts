// `sapat restore FILE`: a backup back into the database of --db / DATABASE_URL. The file is
// checked first (a Sapat backup of the database's kind), a database holding data or in use
// by a running bot is refused unless forced, and an older backup is migrated to this
// version. SQLite: the backup is copied beside the database, migrated there, and renamed
// over it. PostgreSQL: pg_restore in one transaction.
import { chmodSync, chownSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { createPrisma, type OpenOptions, openDatabase } from "../../../prisma/client.ts";
import { resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import { migrate } from "../../../prisma/migrate.ts";
import { archiveContents, PgToolError, restoreArchive, type ToolEnvironment } from "../../../prisma/pg-tools.ts";
import { describeDatabase, type Provider, providerOf } from "../../../prisma/provider.ts";
import {
  backupSqliteFile,
  type Contents,
  holdsData,
  institutionsOf,
  readDatabase,
  readSqliteFile,
  settleSqliteFile,
  usersOf,
} from "../../../prisma/store/backup.ts";
import {
  fileKind,
  inUse,
  isSystemError,
  leaseLeftMs,
  notEmpty,
  partialName,
  reasonOf,
  sapatFileState,
  type TableRows,
  tableRows,
  toolProblem,
} from "./files.ts";

export interface RestoreRequest {
  databaseUrl: string;
  /** the backup (absolute) */
  file: string;
  /** replace a database that holds data, or that a bot seems to be using */
  force: boolean;
  /** PATH (where pg_restore is) and the operator's PG* settings */
  tools: ToolEnvironment;
  open?: OpenOptions;
}

export interface RestoreSummary {
  file: string;
  database: string;
  provider: Provider;
  /** what the database held before, when it held anything */
  replaced: { institutions: number; users: number } | null;
  /** migrations applied after the restore: the backup was made by an older version */
  migrated: string[];
  tables: TableRows[];
  durationMs: number;
}

export async function restoreDatabase(request: RestoreRequest, now: () => Date): Promise<Outcome<RestoreSummary>> {
  const started = now().getTime();
  const { databaseUrl, file } = request;
  const provider = providerOf(databaseUrl);
  if (!existsSync(file)) return fail(problem("backupFileMissing", { file }));
  const kind = fileKind(file);
  if (provider === "postgresql" && kind === "sqlite") return fail(problem("restoreSqliteIntoPostgres", { file }));
  if (provider === "sqlite" && kind === "pgdump") return fail(problem("restorePostgresIntoSqlite", { file }));
  if (kind === null) return fail(problem("restoreNotBackup", { file }));
  try {
    const restored = provider === "sqlite" ? await restoreSqlite(request, now()) : await restorePostgres(request, now());
    if (!restored.ok) return restored;
    const db = await openDatabase(databaseUrl, request.open);
    try {
      const contents = await readDatabase(db);
      return ok({
        file,
        database: describeDatabase(databaseUrl),
        provider,
        replaced: restored.value.replaced,
        migrated: restored.value.migrated,
        tables: tableRows(contents.rows),
        durationMs: now().getTime() - started,
      });
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    if (error instanceof PgToolError) return fail(toolProblem(error));
    if (isSystemError(error)) return fail(problem("restoreFailed", { reason: reasonOf(error) }));
    throw error;
  }
}

type Restored = Outcome<{ replaced: RestoreSummary["replaced"]; migrated: string[] }>;

/** What a refusal to replace `contents` is, if any. */
function refusal(contents: Contents | null, force: boolean, now: Date, database: string) {
  if (!contents || force) return null;
  return inUse(contents, now, database) ?? (holdsData(contents) ? notEmpty(contents, database) : null);
}

const replacedOf = (c: Contents | null) => (c && holdsData(c) ? { institutions: institutionsOf(c), users: usersOf(c) } : null);

async function restoreSqlite(request: RestoreRequest, now: Date): Promise<Restored> {
  const { file, force } = request;
  const state = sapatFileState(file, true);
  if (state === "notSapat") return fail(problem("restoreNotBackup", { file }));
  if (state !== "sapat") return fail(problem("restoreDamaged", { file, reason: state.damaged }));
  const target = resolveDatabaseUrl(request.databaseUrl);
  const current = existsSync(target) ? readSqliteFile(target) : null;
  if (existsSync(target) && !force && !current?.sapat) return fail(problem("notSapatDatabase", { db: target }));
  // never forced: a running bot keeps the replaced file open and writes on into it, unseen
  const leaseLeft = current ? leaseLeftMs(current, now) : 0;
  if (leaseLeft > 0) return fail(problem("restoreFileInUse", { db: target, seconds: Math.ceil(leaseLeft / 1000) }));
  const refused = refusal(current, force, now, target);
  if (refused) return fail(refused);

  mkdirSync(path.dirname(target), { recursive: true });
  const temp = partialName(target);
  try {
    // through SQLite, not a byte copy: a WAL beside the backup file is read too
    await backupSqliteFile(file, temp);
    let migrated: string[];
    try {
      migrated = (await migrate(`file:${temp}`)).applied;
    } catch (error) {
      return fail(problem("restoreCannotMigrate", { file, reason: reasonOf(error).replace(/^.*?: /, "") }));
    }
    settleSqliteFile(temp);
    if (existsSync(target)) keepOwnership(target, temp);
    // the old database's WAL must not be replayed onto the restored file
    for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    renameSync(temp, target);
    return ok({ replaced: replacedOf(current), migrated });
  } finally {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`, `${temp}-journal`]) rmSync(f, { force: true });
  }
}

/** The restored file keeps the owner and mode of the one it replaces (a restore run as root). */
function keepOwnership(from: string, to: string): void {
  const s = statSync(from);
  chmodSync(to, s.mode & 0o777);
  try {
    chownSync(to, s.uid, s.gid);
  } catch {
    // only root may give a file away; as anyone else it is theirs already
  }
}

async function restorePostgres(request: RestoreRequest, now: Date): Promise<Restored> {
  const { databaseUrl, file, force, tools } = request;
  const database = describeDatabase(databaseUrl);
  const entries = await archiveContents(file, tools).catch((error: unknown) => {
    if (error instanceof PgToolError && error.reason === null) throw error;
    return null;
  });
  const table = (name: string) => entries?.some((e) => new RegExp(` TABLE \\S+ ${name} `).test(e));
  if (!table("Institution") || !table("_prisma_migrations")) return fail(problem("restoreNotBackup", { file }));

  // read as it is, not migrated: a new, empty database has no tables yet
  const db = createPrisma(databaseUrl);
  let current: Contents;
  try {
    current = await readDatabase(db);
  } catch (error) {
    return fail(problem("databaseUnusable", { file: database, reason: reasonOf(error) }));
  } finally {
    await db.$disconnect();
  }
  const refused = refusal(current, force, now, database);
  if (refused) return fail(refused);
  await restoreArchive(databaseUrl, file, tools);
  let migrated: string[];
  try {
    migrated = (await migrate(databaseUrl)).applied;
  } catch (error) {
    return fail(problem("restoreMigrateFailed", { db: database, file, reason: reasonOf(error).replace(/^.*?: /, "") }));
  }
  return ok({ replaced: replacedOf(current), migrated });
}
