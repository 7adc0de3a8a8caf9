import type { Command } from "commander";
import { buildDemo, DEMO_DATABASE_URL, DemoRefusedError } from "../app/demo/build-demo.ts";
import { reportSession } from "../app/session/session-report.ts";
import { runConsole } from "../console/index.ts";
import { flagText } from "../present/flags.ts";
import { pct } from "../present/format.ts";
import { problemText } from "../present/problem.ts";
import { startBot } from "./bot.ts";
import { CliContext } from "./context.ts";
import { printImportOutcome } from "./import.ts";

export function registerDemo(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
  env: NodeJS.ProcessEnv,
): void {
  program
    .command("demo")
    .description(`build a fresh demo database from the published KSTU data (at --db, default ${DEMO_DATABASE_URL})`)
    .option(
      "--open",
      "then run it: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else the local console (SAPAT_DEMO_AS, default dean:МТФ)",
    )
    .option("--force", "wipe the database even when it holds more than a demo (users, other institutions or imports)")
    .action((opts: { open?: boolean; force?: boolean }) =>
      run(async (ctx) => {
        const { t, lng } = ctx;
        // --db only: DATABASE_URL may name a real database, which the demo must never wipe
        const url = ctx.databaseFlag ?? DEMO_DATABASE_URL;
        let built: Awaited<ReturnType<typeof buildDemo>>;
        try {
          built = await buildDemo(url, { force: opts.force ?? false });
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
        const demo = new CliContext(ctx.io, t, lng, url, url);
        try {
          if (env.TELEGRAM_BOT_TOKEN) return await startBot(demo, env);
          ctx.io.out("");
          return await runConsole({
            databaseUrl: url,
            as: env.SAPAT_DEMO_AS ?? "dean:МТФ",
            input: process.stdin,
            output: process.stdout,
            language: lng,
          });
        } finally {
          await demo.close();
        }
      }),
    );
}
