import type { Command } from "commander";
import { buildDemo, DemoRefusedError } from "../app/demo/build-demo.ts";
import { reportSession } from "../app/session/session-report.ts";
import { runConsole } from "../console/index.ts";
import { createLogger } from "../logger.ts";
import { flagText } from "../present/flags.ts";
import { pct } from "../present/format.ts";
import { problemText } from "../present/problem.ts";
import { startBot } from "./bot.ts";
import type { CliContext } from "./context.ts";
import { printImportOutcome } from "./import.ts";

export function registerDemo(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
  env: NodeJS.ProcessEnv,
): void {
  program
    .command("demo")
    .description(
      "build the demo database from the published KSTU data into the database (--db, DATABASE_URL or data/sapat.db), unless that holds other data",
    )
    .option(
      "--open",
      "then run it: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else the local console (SAPAT_DEMO_AS, default dean:МТФ)",
    )
    .option("--force", "wipe the database even when it holds more than a demo (users, other institutions or imports)")
    .action((opts: { open?: boolean; force?: boolean }) =>
      run(async (ctx) => {
        const { t, lng } = ctx;
        // The demo goes where every other command looks, so they all work on it right after;
        // a database holding anything the demo did not build is never overwritten (unless --force).
        const url = ctx.databaseUrl;
        let built: Awaited<ReturnType<typeof buildDemo>>;
        try {
          built = await buildDemo(url, { ...ctx.openOptions(), force: opts.force ?? false, plans: true });
        } catch (e) {
          if (!(e instanceof DemoRefusedError)) throw e;
          ctx.io.err(t("cli.demoRefused", { db: url }));
          for (const f of e.found) ctx.io.err(`  ${problemText(f, ctx)}`);
          ctx.io.err(t("cli.demoForceHint"));
          return 1;
        }
        const { db, institution, imports } = built;
        try {
          for (const o of imports) printImportOutcome(ctx, o);
          const [units, results, figures] = await Promise.all([
            db.unit.count(),
            db.sessionResult.count(),
            db.publishedFigure.count(),
          ]);
          ctx.io.out("");
          ctx.io.out(t("cli.demoBuilt", { db: url }));
          ctx.io.out(t("cli.demoSummary", { institution: institution.name, units, results, figures }));
          for (const stage of ["main", "after-retakes"] as const) {
            const report = await reportSession(db, institution, {
              year: "2019-2020",
              term: "spring",
              stage,
              form: "full-time",
              kinds: ["faculty", "institute"],
            });
            if (!report.ok) continue;
            const r = report.value;
            ctx.io.out(
              t("cli.demoHeadline", {
                year: "2019-2020",
                stage: t(`common.stage.${stage}`),
                absolute: pct(r.total.absolute, lng),
                debtors: r.total.debtors,
                share: pct(r.total.debtorShare, lng),
              }),
            );
            const column = r.flags.find((f) => f.code === "total-column-mismatch");
            if (column) ctx.io.out(t("cli.demoFlags", { count: r.flags.length, example: flagText(column, { t, lng }) }));
          }
        } finally {
          await db.$disconnect();
        }
        if (!opts.open) return 0;
        if (env.TELEGRAM_BOT_TOKEN) return startBot(ctx, env);
        ctx.io.out("");
        return runConsole({
          databaseUrl: url,
          db: await ctx.db(),
          as: ctx.settings.SAPAT_DEMO_AS ?? "dean:МТФ",
          input: ctx.io.input ?? process.stdin,
          output: ctx.io.output ?? process.stdout,
          language: lng,
          logger: createLogger(ctx.settings.LOG_LEVEL ?? "warn"),
        });
      }),
    );
}
