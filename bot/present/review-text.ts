// An external review's summary in words, for every trigger: what the review is of, the table
// (per standard: criteria, meets, partially, does not meet, fulfilled), the total line, the
// outcome sentence, the rule it was judged by, warnings, and where a printed table disagrees.
import {
  type PrintedDifference,
  REVIEW_META_KEYS,
  type ReviewIssue,
  type ReviewMeta,
  type ReviewRules,
  type ReviewSummary,
  type StandardSummary,
} from "../../core/index.ts";
import { problemText, type Wording } from "./problem.ts";
import { alignColumns } from "./table.ts";

/** ISO dates typed into the meta ("2024-04-15") shown as people read them (15.04.2024). */
const localDates = (s: string) => s.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, "$3.$2.$1");

export function reviewMetaLines(meta: ReviewMeta, w: Wording): string[] {
  return REVIEW_META_KEYS.flatMap((k) => (meta[k] ? [w.t(`review.meta.${k}`, { value: localDates(meta[k]) })] : []));
}

/** A standard's label cut to fit a phone's line. */
const MAX_LABEL = 12;
const cut = (s: string) => ([...s].length > MAX_LABEL ? `${[...s].slice(0, MAX_LABEL - 1).join("")}…` : s);

/** The summary table as aligned plain-text lines (the chat puts them in a monospace block). */
export function reviewTableLines(summary: ReviewSummary, w: Wording): string[] {
  const yes = (s: StandardSummary) => w.t(s.fulfilled ? "review.yes" : "review.no");
  const head = ["standard", "criteria", "meets", "partial", "notMeets", "fulfilled"].map((c) => w.t(`review.column.${c}`));
  const body = summary.standards.map((s) => [
    cut(s.standard),
    ...[s.criteria, s.meets, s.partial, s.notMeets].map(String),
    yes(s),
  ]);
  const t = summary.total;
  const total = [w.t("review.total"), ...[t.criteria, t.meets, t.partial, t.notMeets].map(String), ""];
  const { lines, width } = alignColumns([head, ...body, total], (c) => c > 0 && c < 5);
  const rule = "─".repeat(width);
  return [lines[0] as string, rule, ...lines.slice(1, -1), rule, lines.at(-1) as string];
}

export function reviewOutcomeText(summary: ReviewSummary, w: Wording): string {
  const { outcome, rules } = summary;
  const standards = outcome.unfulfilled.join(", ");
  const count = outcome.unfulfilled.length;
  if (!outcome.recommended) return w.t("review.notRecommended", { standards, count });
  if (!outcome.unfulfilled.length) return w.t("review.recommended", { term: outcome.termYears });
  return w.t("review.recommendedDespite", { term: outcome.termYears, standards, count, allowed: rules.allowUnfulfilled });
}

export function reviewRuleText(rules: ReviewRules, w: Wording): string {
  return w.t("review.rule.line", {
    fulfilled: w.t(`review.rule.${rules.fulfilled}`),
    allowed: rules.allowUnfulfilled,
    term: rules.termYears,
  });
}

/** "line 14: …" for each warning or error. */
export function reviewIssueLines(issues: readonly ReviewIssue[], w: Wording): string[] {
  return issues.map((i) => (i.line ? w.t("import.issue", { line: i.line, message: problemText(i, w) }) : problemText(i, w)));
}

function printedValue(v: PrintedDifference["printed"], w: Wording): string {
  if (typeof v === "boolean") return w.t(v ? "review.yes" : "review.no");
  return v === null ? "—" : String(v);
}

export function printedDifferenceLines(differences: readonly PrintedDifference[], w: Wording): string[] {
  if (!differences.length) return [w.t("review.printed.agrees")];
  return [
    w.t("review.printed.title"),
    ...differences.map((d) => {
      if (d.column === "standard")
        return d.computed === null
          ? w.t("review.printed.onlyPrinted", { line: d.line, standard: d.standard })
          : w.t("review.printed.notPrinted", { standard: d.standard });
      const where =
        d.standard === null
          ? w.t("review.printed.total", { line: d.line })
          : w.t("review.printed.standard", { line: d.line, standard: d.standard });
      return w.t("review.printed.cell", {
        where,
        column: w.t(`review.caption.${d.column}`),
        printed: printedValue(d.printed, w),
        computed: printedValue(d.computed, w),
      });
    }),
  ];
}

/** How many strengths, weaknesses and recommendations the review gives; null when none. */
export function reviewNotesLine(summary: ReviewSummary, w: Wording): string | null {
  const n = (k: "strengths" | "weaknesses" | "recommendations") => summary.notes.reduce((a, s) => a + s[k].length, 0);
  const counts = { strengths: n("strengths"), weaknesses: n("weaknesses"), recommendations: n("recommendations") };
  return counts.strengths + counts.weaknesses + counts.recommendations ? w.t("review.notes", counts) : null;
}
