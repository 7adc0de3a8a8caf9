// sapat survey responses|results: a form's export imported into a survey (previewed, written
// with --yes) and the survey's results (rates, distributions, --json, --xlsx, a chart per
// question). The same use cases as the bot's; any problem writes nothing and exits 1.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import type { Sender } from "../app/delivery/audience.ts";
import { readImportFile } from "../app/imports/read-file.ts";
import { titleIn } from "../app/surveys/survey-messages.ts";
import { importResponses, type ResponsesPreview } from "../app/surveys/survey-responses.ts";
import { type SurveyResultsView, surveyResultsFor } from "../app/surveys/survey-results.ts";
import { renderShareBars } from "../io/survey-charts.ts";
import { surveyWorkbook } from "../io/survey-workbook.ts";
import { writeWorkbook } from "../io/xlsx-writer.ts";
import {
  answersShown,
  answersText,
  importPreviewText,
  questionChart,
  type ResultsFacts,
  ratesText,
  resultsJson,
  surveyWorkbookWords,
} from "../present/survey-results.ts";
import { senderFor } from "./announce.ts";
import { type CliContext, UserError } from "./context.ts";
import { EXIT_NEEDS_CONFIRMATION } from "./import.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const telegramId = z
  .string()
  .regex(/^\d{1,20}$/)
  .optional();
const common = { as: telegramId, institution: z.string().min(1).optional(), json: z.boolean().optional() };

function surveyId(ctx: CliContext, value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1) throw new UserError(ctx.t("surveys.cli.badId", { value }));
  return Number(value);
}

export function resultsFacts(ctx: Pick<CliContext, "lng">, v: SurveyResultsView): ResultsFacts {
  const { survey, ...rest } = v;
  return { ...rest, id: survey.id, title: titleIn(survey, ctx.lng), opensAt: survey.opensAt, closesAt: survey.closesAt };
}

function previewJson(p: ResponsesPreview) {
  const { survey, columns, ...counts } = p;
  return { surveyId: survey.id, ...counts, columns };
}

async function writeCharts(ctx: CliContext, facts: ResultsFacts, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [i, q] of facts.questions.entries()) {
    if (!q.answers.length) continue;
    const file = path.join(dir, `survey-${facts.id}-q${i + 1}.png`);
    writeFileSync(file, await renderShareBars(questionChart(ctx.t, ctx.lng, facts, q)));
    files.push(file);
  }
  return files;
}

export function registerSurveyResults(survey: Command, run: Run): void {
  survey
    .command("responses")
    .description("import the form's response export (CSV/XLSX): shown first, written with --yes")
    .argument("<id>", "survey number")
    .argument("<file>", "the export as the form gives it (.csv or .xlsx)")
    .option("--yes", "write the responses (without it they are only shown)")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((id: string, file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, yes: z.boolean().optional() }, raw);
        const sid = surveyId(ctx, id);
        const sender: Sender = await senderFor(ctx, o.institution, o.as);
        const bytes = await readImportFile(file);
        if ("code" in bytes) throw ctx.problem(bytes);
        const timeZone = (await ctx.institution(o.institution)).timeZone;
        const r = await importResponses(await ctx.deps(), sender, { surveyId: sid, bytes, timeZone, write: o.yes ?? false });
        if (!r.ok) throw ctx.problem(r.problem);
        const title = titleIn(r.value.survey, ctx.lng);
        if (o.json) ctx.io.out(JSON.stringify(previewJson(r.value)));
        else ctx.io.out(importPreviewText(ctx.t, ctx.lng, r.value, title));
        const pending = !r.value.written && r.value.added + r.value.replaced > 0;
        return pending ? EXIT_NEEDS_CONFIRMATION : 0;
      }),
    );

  survey
    .command("results")
    .description("response rates by unit and course and, after close, each question's answers")
    .argument("<id>", "survey number")
    .option("--xlsx <file>", "also save all results as a workbook")
    .option("--chart-dir <dir>", "also save a chart per question (PNG) in this folder")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .option("--json", 'print { "rate", "units", "questions" }')
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { ...common, xlsx: z.string().min(1).optional(), chartDir: z.string().min(1).optional() },
          raw,
        );
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await surveyResultsFor(await ctx.deps(), sender, surveyId(ctx, id));
        if (!r.ok) throw ctx.problem(r.problem);
        const timeZone = (await ctx.institution(o.institution)).timeZone;
        const facts = resultsFacts(ctx, r.value);
        const shown: ResultsFacts = answersShown(facts)
          ? facts
          : { ...facts, questions: facts.questions.map((q) => ({ ...q, answers: [] })) };
        if (o.json) ctx.io.out(JSON.stringify(resultsJson(shown)));
        else
          ctx.io.out(
            [ratesText(ctx.t, ctx.lng, facts, timeZone), answersText(ctx.t, ctx.lng, facts, timeZone)]
              .filter(Boolean)
              .join("\n\n"),
          );
        if (o.xlsx) writeFileSync(o.xlsx, await writeWorkbook(surveyWorkbook(shown, surveyWorkbookWords(ctx.t, shown)), ctx.lng));
        if (o.chartDir) for (const f of await writeCharts(ctx, shown, o.chartDir)) ctx.io.err(f);
        return 0;
      }),
    );
}
