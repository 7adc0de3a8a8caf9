import type { Command } from "commander";
import { z } from "zod";
import { INSTITUTION_ACCESS, type PracticeReport, type PracticeRow, type SessionReport } from "../../core/index.ts";
import { reportPractice } from "../app/practice/practice-report.ts";
import { reportSession } from "../app/session/session-report.ts";
import { flagText } from "../present/flags.ts";
import { practiceTable } from "../present/practice-table.ts";
import { problemText } from "../present/problem.ts";
import { sessionTable } from "../present/session-table.ts";
import type { CliContext } from "./context.ts";
import { base, form, kinds, parseOptions, practiceKinds, stage, term, year } from "./options.ts";

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

const practiceRowJson = (r: PracticeRow, name: string | null) => ({
  unit: name,
  assigned: r.assigned,
  completed: r.completed,
  rate: r.rate.current,
  previousRate: r.rate.previous,
  changePp: r.rate.changePp,
  source: r.source,
});

/** The --json shape of `report practice`: rates with one decimal, null where unknown. */
export function practiceJson(report: PracticeReport, ctx: CliContext, institution: string) {
  return {
    year: report.year,
    rows: report.rows.map((r) => practiceRowJson(r, r.unit)),
    total: practiceRowJson(report.total, report.unit ?? institution),
    flags: report.flags.map((f) => ({ ...f, message: problemText(f, ctx) })),
  };
}

export function registerReport(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const report = program.command("report").description("print a report");
  report
    .command("practice")
    .description("practice completion per unit against last year: sums of counts, published rates marked as such")
    .option("--year <year>", "academic year, e.g. 2025-2026 (default: the latest with figures)")
    .option("--unit <code>", "one unit: its departments as rows, its total line")
    .option("--kind <kinds>", "only these practice kinds, comma-separated (production, өндүрүштүк, …)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            year: year.optional(),
            unit: z.string().min(1).optional(),
            kind: practiceKinds.optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        const r = await reportPractice(
          { db: await ctx.db(), now: () => new Date() },
          { access: INSTITUTION_ACCESS, institution },
          { ...(o.unit ? { unit: o.unit } : {}), ...(o.year ? { year: o.year } : {}), ...(o.kind ? { kinds: o.kind } : {}) },
        );
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) ctx.io.out(JSON.stringify(practiceJson(r.value, ctx, institution.code), null, 2));
        else {
          ctx.io.out(practiceTable(r.value, ctx.t, ctx.lng, institution.code));
          for (const f of r.value.flags) ctx.io.out(`⚠ ${problemText(f, ctx)}`);
        }
        return 0;
      }),
    );
  report
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
