import type { Command } from "commander";
import { z } from "zod";
import type { SessionReport } from "../../core/index.ts";
import { reportSession } from "../app/session/session-report.ts";
import { flagText } from "../present/flags.ts";
import { sessionTable } from "../present/session-table.ts";
import type { CliContext } from "./context.ts";
import { base, form, kinds, parseOptions, stage, term, year } from "./options.ts";

/** The --json shape: the report as the core gives it, each flag with a readable message. */
export function reportJson(report: SessionReport, ctx: CliContext) {
  return {
    selection: report.selection,
    rows: report.rows,
    total: report.total,
    methodology: report.methodology,
    flags: report.flags.map((f) => ({ ...f, message: flagText(f, ctx) })),
  };
}

export function registerReport(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command("report")
    .description("print a report")
    .command("session")
    .description("exam-session results per unit, the total and every figure that does not add up")
    .requiredOption("--year <year>", "academic year, e.g. 2019-2020")
    .requiredOption("--term <term>", "autumn | spring")
    .requiredOption("--stage <stage>", "main | after-retakes")
    .option("--form <form>", "full-time | part-time (default: both)")
    .option("--kinds <kinds>", "comma-separated unit kinds, e.g. faculty,institute")
    .option("--unit <code>", "one unit and everything below it")
    .option("--base <base>", "admitted | enrolled (default: the institution's methodology)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            year,
            term,
            stage,
            form: form.optional(),
            kinds: kinds.optional(),
            unit: z.string().min(1).optional(),
            base: base.optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        const report = await reportSession(await ctx.db(), institution, {
          year: o.year,
          term: o.term,
          stage: o.stage,
          ...(o.form ? { form: o.form } : {}),
          ...(o.kinds ? { kinds: o.kinds } : {}),
          ...(o.unit ? { unit: o.unit } : {}),
          ...(o.base ? { base: o.base } : {}),
        });
        if (!report.ok) throw ctx.problem(report.problem);
        ctx.io.out(o.json ? JSON.stringify(reportJson(report.value, ctx), null, 2) : sessionTable(report.value, ctx.t, ctx.lng));
        return 0;
      }),
    );
}
