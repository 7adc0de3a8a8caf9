// `sapat db copy --from URL --to URL`: every row of one database into a new, empty one of
// either kind (SQLite → PostgreSQL to move a growing installation, back, or between
// servers), ids kept, then the counts compared table by table.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { type OpenOptions, openDatabase, type PrismaClient } from "../../../prisma/client.ts";
import { resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import { modelsInCopyOrder } from "../../../prisma/models.ts";
import { describeDatabase, isPostgres } from "../../../prisma/provider.ts";
import { backupSqliteFile, holdsData, readDatabase } from "../../../prisma/store/backup.ts";
import { copyRows, countRows } from "../../../prisma/store/copy.ts";
import { inUse, sourceProblem } from "./files.ts";

export interface CopyRequest {
  from: string;
  to: string;
  /** copy from a database a running bot seems to be writing to (the copy may then be mixed) */
  force: boolean;
  open?: OpenOptions;
  /** told after each table, with the rows written */
  onTable?: (table: string, rows: number) => void;
}

export interface CopySummary {
  from: string;
  to: string;
  tables: { table: string; source: number; target: number }[];
  durationMs: number;
}

/** The same database named twice: a file by its path, a server database by host and name. */
function sameDatabase(a: string, b: string): boolean {
  const where = (u: string) => (isPostgres(u) ? describeDatabase(u) : resolveDatabaseUrl(u));
  return where(a) === where(b);
}

export async function copyDatabase(request: CopyRequest, now: () => Date): Promise<Outcome<CopySummary>> {
  const started = now().getTime();
  const { from, to } = request;
  const [source, target] = [describeDatabase(from), describeDatabase(to)];
  if (sameDatabase(from, to)) return fail(problem("copySameDatabase", { db: source }));
  const sourceFile = isPostgres(from) ? null : resolveDatabaseUrl(from);
  if (sourceFile && !existsSync(sourceFile)) return fail(problem("sourceMissing", { file: sourceFile }));
  const refused = sourceFile ? sourceProblem(sourceFile) : null;
  if (refused) return fail(refused);
  const models = modelsInCopyOrder();
  const clients: PrismaClient[] = [];
  // a SQLite source is read from a snapshot: the file itself (often a backup) is never
  // switched to WAL nor migrated, and a bot writing to it cannot mix the copy
  const snapshot = sourceFile ? mkdtempSync(path.join(os.tmpdir(), "sapat-copy-")) : null;
  try {
    let fromUrl = from;
    if (sourceFile && snapshot) {
      const copy = path.join(snapshot, "source.db");
      await backupSqliteFile(sourceFile, copy);
      fromUrl = `file:${copy}`;
    }
    const src = await openDatabase(fromUrl, { ...request.open, ifMissing: "refuse" });
    clients.push(src);
    const busy = inUse(await readDatabase(src), now(), source);
    if (busy && !request.force) return fail(busy);
    const dst = await openDatabase(to, request.open);
    clients.push(dst);
    const held = await readDatabase(dst);
    if (holdsData(held)) {
      const tables = [...held.rows].filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`);
      return fail(problem("copyTargetNotEmpty", { db: target, tables: tables.join(", ") }));
    }
    const before = await countRows(src, models);
    await copyRows(src, dst, models, {
      postgresTarget: isPostgres(to),
      ...(request.onTable ? { onModel: request.onTable } : {}),
    });
    const after = await countRows(dst, models);
    const tables = models.map((m) => ({ table: m.name, source: before.get(m.name) ?? 0, target: after.get(m.name) ?? 0 }));
    const differs = tables.find((t) => t.source !== t.target);
    if (differs) return fail(problem("copyCountsDiffer", { ...differs }));
    return ok({ from: source, to: target, tables, durationMs: now().getTime() - started });
  } finally {
    for (const c of clients) await c.$disconnect();
    if (snapshot) rmSync(snapshot, { recursive: true, force: true });
  }
}
