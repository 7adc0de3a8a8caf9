// sapat review: an external review's summary from a file typed from the agency's report
// (the table, the outcome, warnings; --json, --xlsx, --printed to check the report's own
// summary table), and the institution's rule the summary is judged by.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import {
  FULFILLED_RULES,
  INSTITUTION_ACCESS,
  type ReviewMeta,
  type ReviewRules,
  reviewRecommendations,
} from "../../core/index.ts";
import { readImportFile } from "../app/imports/read-file.ts";
import { setReviewRules, showReviewRules } from "../app/reviews/review-rules.ts";
import { type ReviewResult, summarizeReviewFile } from "../app/reviews/review-summary.ts";
import { reviewWorkbook } from "../io/review-workbook.ts";
import { writeWorkbook } from "../io/xlsx-writer.ts";
import { problemText } from "../present/problem.ts";
import {
  printedDifferenceLines,
  reviewIssueLines,
  reviewMetaLines,
  reviewNotesLine,
  reviewOutcomeText,
  reviewRuleText,
  reviewTableLines,
} from "../present/review-text.ts";
import { reviewWorkbookWords } from "../present/review-words.ts";
import { type CliContext, UserError } from "./context.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;
type Summary = Extract<ReviewResult, { status: "summary" }>;

const whole = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

const ruleOptions = (ctx: CliContext) => ({
  fulfilled: z.enum(FULFILLED_RULES, { message: ctx.t("review.cli.fulfilledValues") }).optional(),
  allowUnfulfilled: whole(0, 100, ctx.t("review.cli.allowRange")).optional(),
  term: whole(1, 50, ctx.t("review.cli.termRange")).optional(),
});

function ruleChange(o: { fulfilled?: ReviewRules["fulfilled"]; allowUnfulfilled?: number; term?: number }): Partial<ReviewRules> {
  return {
    ...(o.fulfilled ? { fulfilled: o.fulfilled } : {}),
    ...(o.allowUnfulfilled !== undefined ? { allowUnfulfilled: o.allowUnfulfilled } : {}),
    ...(o.term !== undefined ? { termYears: o.term } : {}),
  };
}

export async function fileBytes(ctx: CliContext, file: string): Promise<Uint8Array> {
  const bytes = await readImportFile(file);
  if (!("code" in bytes)) return bytes;
  throw new UserError([ctx.t("review.rejected", { file: path.basename(file) }), `  ${problemText(bytes, ctx)}`].join("\n"));
}

/** A refused review file (or printed table) as the one message the CLI prints. */
export function rejectedReview(
  ctx: CliContext,
  result: Extract<ReviewResult, { status: "rejected" }>,
  file: string,
  printed?: string,
): UserError {
  const name = path.basename(result.file === "review" ? file : (printed ?? ""));
  const head = ctx.t(result.file === "review" ? "review.rejected" : "review.printedRejected", { file: name });
  return new UserError([head, ...reviewIssueLines(result.issues, ctx).map((l) => `  ${l}`)].join("\n"));
}

/** The --json shape: the summary table, the outcome, and what else the run found. */
export function reviewJson(r: Summary, ctx: CliContext) {
  const { summary } = r;
  return {
    standards: summary.standards.map(({ standard, criteria, meets, partial, notMeets, fulfilled }) => ({
      standard,
      criteria,
      meets,
      partial,
      notMeets,
      fulfilled,
    })),
    total: summary.total,
    outcome: { recommended: summary.outcome.recommended, termYears: summary.outcome.termYears },
    warnings: r.warnings.map((w) => ({ ...w, message: problemText(w, ctx) })),
    recommendations: reviewRecommendations(summary),
    ...(r.printed ? { printed: r.printed } : {}),
  };
}

function reviewText(r: Summary, ctx: CliContext): string[] {
  const notes = reviewNotesLine(r.summary, ctx);
  return [
    ctx.t("review.title"),
    ...reviewMetaLines(r.meta, ctx),
    "",
    ...reviewTableLines(r.summary, ctx),
    "",
    reviewOutcomeText(r.summary, ctx),
    reviewRuleText(r.summary.rules, ctx),
    ...(notes ? [notes] : []),
    ...(r.warnings.length ? ["", ctx.t("review.warnings"), ...reviewIssueLines(r.warnings, ctx).map((l) => `  ${l}`)] : []),
    ...(r.printed ? ["", ...printedDifferenceLines(r.printed, ctx).map((l, i) => (i ? `  ${l}` : l))] : []),
  ];
}

export function registerReview(program: Command, run: Run): void {
  const review = program.command("review").description("external reviews: the summary of an agency's conclusion");
  review
    .command("summary")
    .description("the summary table of a review file (columns standard, criterion, rating, comment), its outcome and warnings")
    .argument("<file>", "CSV or XLSX")
    .option("--json", "print one JSON object")
    .option("--xlsx <file>", "write the summary, the criteria and the findings as a workbook")
    .option(
      "--printed <file>",
      "the report's printed summary table (standard, criteria, meets, partial, not_meets[, fulfilled]) to check",
    )
    .option("--fulfilled <rule>", "this run only: no-not-meets | majority-meets | all-meet")
    .option("--allow-unfulfilled <n>", "this run only: standards that may be unfulfilled")
    .option("--term <years>", "this run only: the term recommended")
    .option("--order <text>", "order number")
    .option("--order-date <date>", "order date")
    .option("--visit <text>", "visit dates")
    .option("--agency <text>", "agency")
    .option("--commission <text>", "commission")
    .option("--programmes <text>", "programmes covered")
    .option("--institution <code>", "institution code")
    .action((file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const text = z.string().trim().min(1).max(500).optional();
        const o = parseOptions(
          ctx,
          {
            json: z.boolean().optional(),
            xlsx: z.string().min(1).optional(),
            printed: z.string().min(1).optional(),
            ...ruleOptions(ctx),
            order: text,
            orderDate: text,
            visit: text,
            agency: text,
            commission: text,
            programmes: text,
            institution: z.string().min(1).optional(),
          },
          raw,
        );
        const meta: ReviewMeta = Object.fromEntries(
          (["order", "orderDate", "visit", "agency", "commission", "programmes"] as const).flatMap((k) =>
            o[k] ? [[k, o[k]]] : [],
          ),
        );
        const institution = await ctx.institution(o.institution);
        const bytes = await fileBytes(ctx, file);
        const printed = o.printed ? await fileBytes(ctx, o.printed) : undefined;
        const r = await summarizeReviewFile(
          await ctx.deps(),
          { access: INSTITUTION_ACCESS, institution },
          { bytes, ...(printed ? { printed } : {}), rules: ruleChange(o), meta },
        );
        if (!r.ok) throw ctx.problem(r.problem);
        const result = r.value;
        if (result.status === "rejected") throw rejectedReview(ctx, result, file, o.printed);
        if (o.xlsx) {
          const out = o.xlsx;
          const book = await writeWorkbook(
            reviewWorkbook(result.summary, result.review, reviewWorkbookWords(result, ctx)),
            ctx.lng,
          );
          await writeFile(out, book).catch((err: NodeJS.ErrnoException) => {
            throw new UserError(ctx.t("export.cli.cannotWrite", { file: out, reason: err.code ?? err.message }));
          });
        }
        if (o.json) ctx.io.out(JSON.stringify(reviewJson(result, ctx), null, 2));
        else for (const line of reviewText(result, ctx)) ctx.io.out(line);
        // said on stderr under --json, so the JSON stays parseable
        if (o.xlsx) (o.json ? ctx.io.err : ctx.io.out)(ctx.t("review.written", { file: o.xlsx }));
        return 0;
      }),
    );
  review
    .command("rule")
    .description("show the institution's review rule, or change it with the options")
    .option("--fulfilled <rule>", "no-not-meets (default) | majority-meets | all-meet")
    .option("--allow-unfulfilled <n>", "standards that may be unfulfilled with the review still recommending (default 0)")
    .option("--term <years>", "the term recommended, in years (default 5)")
    .option("--json", "print the rule as JSON")
    .option("--institution <code>", "institution code")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { ...ruleOptions(ctx), json: z.boolean().optional(), institution: z.string().min(1).optional() },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        const actor = { access: INSTITUTION_ACCESS, institution };
        const change = ruleChange(o);
        const changing = Object.keys(change).length > 0;
        const r = changing
          ? await setReviewRules(await ctx.deps(), actor, change)
          : await showReviewRules(await ctx.deps(), actor);
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) ctx.io.out(JSON.stringify(r.value, null, 2));
        else {
          if (changing) ctx.io.out(ctx.t("review.rule.saved", { institution: institution.code }));
          ctx.io.out(reviewRuleText(r.value, ctx));
        }
        return 0;
      }),
    );
}
