// The words of a review's workbook and chart in the user's language (the layouts are
// bot/io/review-workbook.ts and the chart feature).
import type { PrintedDifference, Rating, ReviewIssue, ReviewMeta, ReviewSection, ReviewSummary } from "../../core/index.ts";
import type { Wording } from "./problem.ts";
import { printedDifferenceLines, reviewIssueLines, reviewMetaLines, reviewOutcomeText, reviewRuleText } from "./review-text.ts";

export interface ReviewShown {
  summary: ReviewSummary;
  warnings: readonly ReviewIssue[];
  meta: ReviewMeta;
  printed: readonly PrintedDifference[] | null;
}

export function reviewWorkbookWords(r: ReviewShown, w: Wording) {
  const { t } = w;
  return {
    caption: (column: string) => t(`review.caption.${column}`),
    rating: (rating: Rating) => t(`review.rating.${rating}`),
    section: (section: ReviewSection) => t(`review.section.${section}`),
    yesNo: (yes: boolean) => t(yes ? "review.yes" : "review.no"),
    total: t("review.total"),
    sheets: { summary: t("review.sheet.summary"), criteria: t("review.sheet.criteria"), notes: t("review.sheet.notes") },
    titles: {
      summary: t("review.sheet.summaryTitle"),
      criteria: t("review.sheet.criteriaTitle"),
      notes: t("review.sheet.notesTitle"),
    },
    subtitle: reviewMetaLines(r.meta, w),
    notes: [
      reviewOutcomeText(r.summary, w),
      reviewRuleText(r.summary.rules, w),
      ...(r.warnings.length ? [t("review.warnings"), ...reviewIssueLines(r.warnings, w)] : []),
      ...(r.printed ? printedDifferenceLines(r.printed, w) : []),
    ],
    subItem: t("review.sheet.subItem"),
    noNotes: t("review.sheet.none"),
  };
}

/** The chart's words: per standard its label, and the three ratings as series. */
export function reviewChartWords(summary: ReviewSummary, w: Wording) {
  return {
    title: w.t("review.chart.title"),
    axis: w.t("review.chart.axis"),
    standards: summary.standards.map((s) =>
      /^\d+$/.test(s.standard) ? w.t("review.chart.standard", { standard: s.standard }) : s.standard,
    ),
    series: (["meets", "partial", "notMeets"] as const).map((k) => ({
      label: w.t(`review.caption.${k}`),
      values: summary.standards.map((s) => s[k]),
    })),
  };
}
