// `sapat backup FILE` and `sapat restore FILE`: the database of --db / DATABASE_URL to a file
// and back (SQLite's online backup or pg_dump; a copy renamed in place or pg_restore).
import path from "node:path";
import type { Command } from "commander";
import { type BackupSummary, backupDatabase } from "../app/ops/backup.ts";
import type { TableRows } from "../app/ops/files.ts";
import { type RestoreSummary, restoreDatabase } from "../app/ops/restore.ts";
import { dec1, num } from "../present/format.ts";
import type { CliContext } from "./context.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** 1 234 567 bytes → "1,2 MB" (ky/ru) or "1.2 MB" (en). */
export function sizeText(bytes: number, ctx: CliContext): string {
  const units = ["B", "KB", "MB", "GB", "TB"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : dec1(value, ctx.lng);
  return `${shown} ${ctx.t(`cli.backup.unit.${units[unit]}`)}`;
}

export const seconds = (ms: number, ctx: CliContext) => dec1(ms / 1000, ctx.lng);

/** The tables that hold rows, one per line, in Prisma's model order. */
export function printTables(ctx: CliContext, tables: readonly TableRows[]): void {
  const width = Math.max(0, ...tables.map((t) => t.table.length));
  for (const t of tables) if (t.rows > 0) ctx.io.out(`  ${t.table.padEnd(width)}  ${num(t.rows, ctx.lng)}`);
}

const rowsOf = (tables: readonly TableRows[]) => tables.reduce((s, t) => s + t.rows, 0);
const tablesJson = (tables: readonly TableRows[]) => Object.fromEntries(tables.map((t) => [t.table, t.rows]));

function printBackup(ctx: CliContext, b: BackupSummary, json: boolean): void {
  const rows = rowsOf(b.tables);
  if (json) {
    const { tables, ...rest } = b;
    ctx.io.out(JSON.stringify({ ...rest, rows, tables: tablesJson(tables) }, null, 2));
    return;
  }
  printTables(ctx, b.tables);
  ctx.io.out(
    ctx.t("cli.backup.written", {
      file: b.file,
      db: b.database,
      size: sizeText(b.bytes, ctx),
      tables: b.tables.length,
      rows: num(rows, ctx.lng),
      seconds: seconds(b.durationMs, ctx),
    }),
  );
}

function printRestore(ctx: CliContext, r: RestoreSummary, json: boolean): void {
  const rows = rowsOf(r.tables);
  if (json) {
    const { tables, ...rest } = r;
    ctx.io.out(JSON.stringify({ ...rest, rows, tables: tablesJson(tables) }, null, 2));
    return;
  }
  printTables(ctx, r.tables);
  if (r.migrated.length) ctx.io.out(ctx.t("cli.restore.migrated", { n: r.migrated.length, names: r.migrated.join(", ") }));
  ctx.io.out(
    ctx.t("cli.restore.done", {
      file: r.file,
      db: r.database,
      tables: r.tables.length,
      rows: num(rows, ctx.lng),
      seconds: seconds(r.durationMs, ctx),
    }),
  );
  if (r.replaced) ctx.io.out(ctx.t("cli.restore.replaced", r.replaced));
}

export function registerBackup(program: Command, run: Run, env: NodeJS.ProcessEnv): void {
  program
    .command("backup")
    .description(
      "a consistent copy of the database while the bot runs: SQLite's online backup, or pg_dump --format=custom for PostgreSQL",
    )
    .argument("<file>", "where the backup goes (a new file)")
    .option("--force", "replace the file if it exists")
    .option("--json", "print one JSON object")
    .action((file: string, opts: { force?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        const done = await backupDatabase(
          { databaseUrl: ctx.databaseUrl, file: path.resolve(file), force: opts.force ?? false, tools: env },
          () => new Date(),
        );
        if (!done.ok) throw ctx.problem(done.problem);
        printBackup(ctx, done.value, opts.json ?? false);
        return 0;
      }),
    );
  program
    .command("restore")
    .description(
      "put a backup back into the database (stop the bot first); a database holding data is replaced only with --force",
    )
    .argument("<file>", "a file made by sapat backup")
    .option("--force", "replace a database that holds data (or, on PostgreSQL, that a running bot seems to use)")
    .option("--json", "print one JSON object")
    .action((file: string, opts: { force?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        const done = await restoreDatabase(
          {
            databaseUrl: ctx.databaseUrl,
            file: path.resolve(file),
            force: opts.force ?? false,
            tools: env,
            open: ctx.openOptions(),
          },
          () => new Date(),
        );
        if (!done.ok) throw ctx.problem(done.problem);
        printRestore(ctx, done.value, opts.json ?? false);
        return 0;
      }),
    );
}
