// A review file sent to the bot, answered: the summary table in a monospace block that fits a
// phone, the outcome and warnings under it, the chart (criteria per standard by rating), and
// the workbook. A file with errors gets one message naming the lines, nothing else.
import { createHash } from "node:crypto";
import type { ReviewUpload } from "../../app/imports/upload-file.ts";
import type { SapatContext } from "../../context.ts";
import { renderChart } from "../../io/chart-pool.ts";
import { reviewWorkbook } from "../../io/review-workbook.ts";
import { writeWorkbook } from "../../io/xlsx-writer.ts";
import { esc } from "../../present/html.ts";
import type { Wording } from "../../present/problem.ts";
import {
  reviewIssueLines,
  reviewMetaLines,
  reviewNotesLine,
  reviewOutcomeText,
  reviewRuleText,
  reviewTableLines,
} from "../../present/review-text.ts";
import { reviewChartWords, reviewWorkbookWords } from "../../present/review-words.ts";
import { replyWithChart } from "../charts/reply-chart.ts";

type Summary = Extract<ReviewUpload["result"], { status: "summary" }>;

/** Issues listed in one chat message; the rest are counted. */
const SHOWN = 10;

export function reviewRejectedText(
  w: Wording,
  fileName: string,
  issues: Extract<ReviewUpload["result"], { status: "rejected" }>["issues"],
) {
  const lines = reviewIssueLines(issues.slice(0, SHOWN), w).map((l) => `• ${l}`);
  const more = issues.length > SHOWN ? [w.t("upload.more", { n: issues.length - SHOWN })] : [];
  return [w.t("review.rejected", { file: fileName }), ...lines, ...more].join("\n");
}

export function reviewSummaryHtml(r: Summary, w: Wording): string {
  const notes = reviewNotesLine(r.summary, w);
  const out = [
    `<b>${esc(w.t("review.title"))}</b>`,
    ...reviewMetaLines(r.meta, w).map(esc),
    "",
    `<pre>${esc(reviewTableLines(r.summary, w).join("\n"))}</pre>`,
    `<b>${esc(reviewOutcomeText(r.summary, w))}</b>`,
    esc(reviewRuleText(r.summary.rules, w)),
    ...(notes ? [esc(notes)] : []),
  ];
  if (r.warnings.length) out.push("", esc(w.t("review.warnings")), ...reviewIssueLines(r.warnings, w).map((l) => `⚠️ ${esc(l)}`));
  return out.join("\n");
}

function chartOf(r: Summary, w: Wording) {
  const words = reviewChartWords(r.summary, w);
  const input = { title: words.title, categories: words.standards, series: words.series, xLabel: words.axis };
  const key = createHash("sha256")
    .update(JSON.stringify(["review", input]))
    .digest("base64url");
  return { key, caption: w.t("review.chart.caption"), filename: "review.png", render: () => renderChart("stacked", input) };
}

export async function replyWithReview(ctx: SapatContext, upload: ReviewUpload): Promise<void> {
  const r = upload.result;
  if (r.status === "rejected") return void (await ctx.reply(reviewRejectedText(ctx, upload.fileName, r.issues)));
  await ctx.reply(reviewSummaryHtml(r, ctx), { parse_mode: "HTML" });
  await replyWithChart(ctx, chartOf(r, ctx));
  const book = await writeWorkbook(reviewWorkbook(r.summary, r.review, reviewWorkbookWords(r, ctx)), ctx.lng);
  const base = upload.fileName.replace(/\.(csv|xlsx|txt)$/i, "");
  await ctx.replyWithDocument({ source: book, filename: `${base}-summary.xlsx` }, { caption: ctx.t("review.title") });
}
