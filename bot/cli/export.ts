// sapat export session: the published session table as an Excel workbook (--xlsx FILE), or
// the same export as JSON (--json). The same use case as /export in the bot: the CLI acts
// for the institution, or `--as` a bound user within their scope.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { INSTITUTION_ACCESS, roleCan } from "../../core/index.ts";
import { identify } from "../app/access/identify.ts";
import type { Actor } from "../app/deps.ts";
import { exportPractice } from "../app/practice/practice-export.ts";
import { exportSession, type SessionExport } from "../app/session/session-export.ts";
import { practiceWorkbook } from "../io/practice-workbook.ts";
import { sessionWorkbook } from "../io/session-workbook.ts";
import { writeWorkbook } from "../io/xlsx-writer.ts";
import { practiceWorkbookWords, sessionWorkbookWords } from "../present/export-words.ts";
import { flagText } from "../present/flags.ts";
import { type CliContext, UserError } from "./context.ts";
import { base, form, kinds, parseOptions, stage, term, year } from "./options.ts";
import { practiceJson } from "./report.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** The options every export takes: where it goes, as whom, which institution. */
const TARGET = {
  unit: z.string().min(1).optional(),
  xlsx: z.string().min(1).optional(),
  json: z.boolean().optional(),
  as: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  institution: z.string().min(1).optional(),
};

/**
 * Writes the workbook to --xlsx and says so: on stdout, or on stderr when --json holds
 * stdout (so the JSON stays parseable).
 */
async function writeExport(
  ctx: CliContext,
  o: { xlsx?: string | undefined; json?: boolean | undefined },
  bytes: () => Promise<Buffer>,
  written: (file: string) => string,
) {
  if (!o.xlsx) return;
  const file = o.xlsx;
  await writeFile(file, await bytes()).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(ctx.t("export.cli.cannotWrite", { file, reason: err.code ?? err.message }));
  });
  if (o.json) ctx.io.err(written(file));
  else ctx.io.out(written(file));
}

async function actorFor(ctx: CliContext, institutionCode: string | undefined, as: string | undefined): Promise<Actor> {
  const institution = await ctx.institution(institutionCode);
  if (!as) return { access: INSTITUTION_ACCESS, institution };
  const who = await identify(await ctx.db(), as);
  if (!who.access || who.institution?.id !== institution.id || !roleCan(who.access.role, "viewFigures"))
    throw new UserError(ctx.t("export.cli.unknownActor", { id: as }));
  return { access: who.access, institution };
}

/** The workbook's bytes in the user's language. */
export function exportWorkbook(e: SessionExport, ctx: Pick<CliContext, "t" | "lng">, now: Date): Promise<Buffer> {
  return writeWorkbook(sessionWorkbook(e, sessionWorkbookWords(e, ctx, now)), ctx.lng);
}

const unitLines = (e: SessionExport) => e.table.sections.reduce((n, s) => n + s.lines.length, 0);

export function registerExport(program: Command, run: Run): void {
  const exp = program.command("export").description("export a report as a file");
  registerPracticeExport(exp, run);
  exp
    .command("session")
    .description("the published session table as an Excel workbook: units, counts, achievement, debtors, totals per form, flags")
    .requiredOption("--year <year>", "academic year, e.g. 2019-2020")
    .requiredOption("--term <term>", "autumn | spring")
    .requiredOption("--stage <stage>", "main | after-retakes")
    .option("--form <form>", "full-time | part-time (default: both, each with its total)")
    .option("--unit <code>", "one unit and everything below it")
    .option("--kinds <kinds>", "comma-separated unit kinds, e.g. faculty,institute")
    .option("--base <base>", "admitted | enrolled (default: the institution's methodology)")
    .option("--xlsx <file>", "write the workbook here")
    .option("--json", "print the export as one JSON object")
    .option("--as <telegramId>", "export as this bound user, within their scope (default: the institution)")
    .option("--institution <code>", "institution code")
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
            base: base.optional(),
            ...TARGET,
          },
          raw,
        );
        if (!o.xlsx && !o.json) throw new UserError(ctx.t("export.cli.needTarget"));
        const actor = await actorFor(ctx, o.institution, o.as);
        const deps = await ctx.deps();
        const e = await exportSession(deps, actor, {
          year: o.year,
          term: o.term,
          stage: o.stage,
          ...(o.form ? { form: o.form } : {}),
          ...(o.unit ? { unit: o.unit } : {}),
          ...(o.kinds ? { kinds: o.kinds } : {}),
          ...(o.base ? { base: o.base } : {}),
        });
        if (!e.ok) throw ctx.problem(e.problem);
        if (o.json)
          ctx.io.out(
            JSON.stringify({ ...e.value, flags: e.value.flags.map((f) => ({ ...f, message: flagText(f, ctx) })) }, null, 2),
          );
        await writeExport(
          ctx,
          o,
          () => exportWorkbook(e.value, ctx, deps.now()),
          (file) => ctx.t("export.cli.written", { file, rows: unitLines(e.value), flags: e.value.flags.length }),
        );
        return 0;
      }),
    );
}

/** sapat export practice: the practice table as a workbook that imports back (sapat import practice). */
function registerPracticeExport(exp: Command, run: Run): void {
  exp
    .command("practice")
    .description("practice completion as an Excel workbook: units against last year, every stored figure, the total, flags")
    .option("--year <year>", "academic year, e.g. 2025-2026 (default: the latest with figures)")
    .option("--unit <code>", "one unit: its departments as rows, its total line")
    .option("--xlsx <file>", "write the workbook here")
    .option("--json", "print the report as one JSON object")
    .option("--as <telegramId>", "export as this bound user, within their scope (default: the institution)")
    .option("--institution <code>", "institution code")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            year: year.optional(),
            ...TARGET,
          },
          raw,
        );
        if (!o.xlsx && !o.json) throw new UserError(ctx.t("export.cli.needTarget"));
        const actor = await actorFor(ctx, o.institution, o.as);
        const deps = await ctx.deps();
        const e = await exportPractice(deps, actor, { ...(o.unit ? { unit: o.unit } : {}), ...(o.year ? { year: o.year } : {}) });
        if (!e.ok) throw ctx.problem(e.problem);
        if (o.json) ctx.io.out(JSON.stringify(practiceJson(e.value.report, ctx, e.value.institution.code), null, 2));
        const figures = [...e.value.figures.values()].reduce((n, f) => n + f.length, 0);
        await writeExport(
          ctx,
          o,
          () => writeWorkbook(practiceWorkbook(e.value, practiceWorkbookWords(e.value, ctx, deps.now())), ctx.lng),
          (file) => ctx.t("export.practice.cli.written", { file, rows: e.value.report.rows.length, figures }),
        );
        return 0;
      }),
    );
}
