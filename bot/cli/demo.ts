import type { Command } from "commander";
import { pct } from "../format.ts";
import { flagText } from "../render/flags.ts";
import { buildDemo, DEMO_DATABASE_URL } from "../services/demo.ts";
import { sessionReportFor } from "../services/session-report.ts";
import type { CliContext } from "./context.ts";
import { printImportOutcome } from "./import.ts";

export function registerDemo(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command("demo")
    .description(`build a fresh demo database from the published KSTU data (default ${DEMO_DATABASE_URL})`)
    .option("--db <url>", "where to build it", DEMO_DATABASE_URL)
    .action((opts: { db: string }) =>
      run(async (ctx) => {
        const { t, lng } = ctx;
        const { db, institution, imports } = await buildDemo(opts.db);
        try {
          for (const o of imports) printImportOutcome(ctx, o);
          const [units, results, figures] = await Promise.all([
            db.unit.count(),
            db.sessionResult.count(),
            db.publishedFigure.count(),
          ]);
          ctx.io.out("");
          ctx.io.out(t("cli.demoBuilt", { db: opts.db }));
          ctx.io.out(t("cli.demoSummary", { institution: institution.name, units, results, figures }));
          for (const stage of ["main", "after-retakes"] as const) {
            const r = await sessionReportFor(db, institution, {
              year: "2019-2020",
              term: "spring",
              stage,
              form: "full-time",
              kinds: ["faculty", "institute"],
            });
            if ("unknownUnit" in r) continue;
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
            if (column) ctx.io.out(t("cli.demoFlags", { count: r.flags.length, example: flagText(column, t, lng) }));
          }
        } finally {
          await db.$disconnect();
        }
        return 0;
      }),
    );
}
