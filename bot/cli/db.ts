// `sapat db copy --from URL --to URL`: every row of one database into a new, empty one
// (SQLite → PostgreSQL when an installation outgrows one file; any direction works).
import type { Command } from "commander";
import { z } from "zod";
import { redactUrl } from "../../prisma/provider.ts";
import { copyDatabase } from "../app/ops/copy.ts";
import { num } from "../present/format.ts";
import { seconds } from "./backup.ts";
import { type CliContext, UserError } from "./context.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const DATABASE_URL = /^(file:|postgres(ql)?:\/\/)/i;

/** A URL of neither kind, refused without printing its password (a typo in the scheme). */
function checkUrl(ctx: CliContext, option: string, url: string): void {
  if (!DATABASE_URL.test(url))
    throw new UserError(ctx.t("cli.badOption", { option, message: `“${redactUrl(url)}” — file:… | postgres://…` }));
}

export function registerDb(program: Command, run: Run): void {
  const db = program.command("db").description("the database as a whole");
  db.command("copy")
    .description("copy every table into a new, empty database (e.g. SQLite → PostgreSQL); ids kept, counts compared")
    .requiredOption("--from <url>", "the database to copy (file:… or postgres://…)")
    .option(
      "--to <url>",
      "an empty database (default: --db / DATABASE_URL, so a password need not be typed; a SQLite file is created, a PostgreSQL database must exist)",
    )
    .option("--force", "copy even while a running bot seems to write to the source")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { from: z.string(), to: z.string(), force: z.boolean().optional(), json: z.boolean().optional() },
          { ...raw, to: raw.to ?? ctx.databaseUrl },
        );
        checkUrl(ctx, "from", o.from);
        checkUrl(ctx, "to", o.to);
        // each table as it is copied (a big database takes a while), the check at the end
        const width = 16;
        const done = await copyDatabase(
          {
            from: o.from,
            to: o.to,
            force: o.force ?? false,
            open: ctx.openOptions(),
            ...(o.json ? {} : { onTable: (table, rows) => ctx.io.out(`  ${table.padEnd(width)}  ${num(rows, ctx.lng)}`) }),
          },
          () => new Date(),
        );
        if (!done.ok) throw ctx.problem(done.problem);
        const c = done.value;
        const rows = c.tables.reduce((s, t) => s + t.target, 0);
        if (o.json) {
          ctx.io.out(JSON.stringify({ ...c, rows }, null, 2));
          return 0;
        }
        ctx.io.out(
          ctx.t("cli.dbCopy.done", {
            from: c.from,
            to: c.to,
            tables: c.tables.length,
            rows: num(rows, ctx.lng),
            seconds: seconds(c.durationMs, ctx),
          }),
        );
        return 0;
      }),
    );
}
