// An external review's summary as a workbook: the summary table (what the review is of
// above it, the outcome and the rule under it), the criteria with their ratings and
// comments — a criterion rated by its sub-items on a bold line with the worst rating, its
// sub-items under it — and the strengths, weaknesses and recommendations per standard.
import type { Rating, Review, ReviewSection, ReviewSummary } from "../../core/index.ts";
import { SECTIONS } from "../../core/index.ts";
import type { SheetRow, SheetSpec } from "./xlsx-writer.ts";

/** What the trigger words, in the user's language. */
export interface ReviewWorkbookWords {
  caption: (column: string) => string;
  rating: (rating: Rating) => string;
  section: (section: ReviewSection) => string;
  yesNo: (yes: boolean) => string;
  total: string;
  sheets: { summary: string; criteria: string; notes: string };
  titles: { summary: string; criteria: string; notes: string };
  /** what the review is of */
  subtitle: readonly string[];
  /** outcome, rule, warnings, printed-table differences */
  notes: readonly string[];
  subItem: string;
  noNotes: string;
}

function summarySheet(s: ReviewSummary, w: ReviewWorkbookWords): SheetSpec {
  const counts = ["criteria", "meets", "partial", "notMeets"] as const;
  return {
    name: w.sheets.summary,
    title: w.titles.summary,
    subtitle: w.subtitle,
    columns: [
      { caption: w.caption("standard"), format: "text" },
      ...counts.map((c) => ({ caption: w.caption(c), format: "int" as const })),
      { caption: w.caption("fulfilled"), format: "text" },
    ],
    rows: [
      ...s.standards.map((r): SheetRow => ({ cells: [r.standard, ...counts.map((c) => r[c]), w.yesNo(r.fulfilled)] })),
      { cells: [w.total, ...counts.map((c) => s.total[c]), null], style: "total" },
    ],
    notes: w.notes,
  };
}

function criteriaSheet(review: Review, w: ReviewWorkbookWords): SheetSpec {
  const rows: SheetRow[] = [];
  for (const s of review.standards)
    for (const c of s.criteria) {
      if (!c.subItems) {
        const r = c.rows[0];
        rows.push({ cells: [s.label, r?.criterion ?? c.number, w.rating(c.rating), r?.comment ?? ""] });
        continue;
      }
      const parent = c.rows.find((r) => r.criterion.replace(/\.$/, "") === c.number);
      rows.push({ cells: [s.label, c.number, w.rating(c.rating), parent?.comment || w.subItem], style: "total" });
      for (const r of c.rows)
        if (r !== parent) rows.push({ cells: [s.label, r.criterion, r.rating ? w.rating(r.rating) : "", r.comment] });
    }
  return {
    name: w.sheets.criteria,
    title: w.titles.criteria,
    columns: [
      { caption: w.caption("standard") },
      { caption: w.caption("criterion") },
      { caption: w.caption("rating") },
      { caption: w.caption("comment"), width: 80 },
    ],
    rows,
  };
}

function notesSheet(s: ReviewSummary, w: ReviewWorkbookWords): SheetSpec {
  const rows = s.notes.flatMap((n) =>
    SECTIONS.flatMap((section) => n[section].map((text): SheetRow => ({ cells: [n.standard, w.section(section), text] }))),
  );
  return {
    name: w.sheets.notes,
    title: w.titles.notes,
    columns: [{ caption: w.caption("standard") }, { caption: w.caption("section") }, { caption: w.caption("text"), width: 90 }],
    rows,
    ...(rows.length ? {} : { notes: [w.noNotes] }),
  };
}

export function reviewWorkbook(summary: ReviewSummary, review: Review, words: ReviewWorkbookWords): SheetSpec[] {
  return [summarySheet(summary, words), criteriaSheet(review, words), notesSheet(summary, words)];
}
