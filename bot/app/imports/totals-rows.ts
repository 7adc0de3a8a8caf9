// Published total lines (data/kstu/kstu-published-totals.csv), kept to check recomputed totals.
import { z } from "zod";
import { type PublishedTotalLine, STAGES, TERMS, type Term } from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { academicYear, checkColumns, count, enoughIssues, issuesOf, oneOf, percentage } from "./fields.ts";

const row = z.object({
  year: academicYear,
  term: oneOf(TERMS),
  stage: oneOf(STAGES),
  scope: z.string().min(1, { message: "required" }),
  enrolled: count.optional(),
  admitted: count.optional(),
  passed_all: count.optional(),
  absolute_reported: percentage.optional(),
  debtors_reported: count.optional(),
  debtor_share_reported: percentage.optional(),
});

export type TotalsImportRow = PublishedTotalLine & { year: string; term: Term; line: number };

export function parseTotalsRows(table: Table): { rows: TotalsImportRow[]; issues: ImportIssue[] } {
  const issues = checkColumns(table.header, table.headerLine, ["year", "term", "stage", "scope"], (c) => c in row.shape);
  if (issues.length) return { rows: [], issues };
  const rows: TotalsImportRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of table.records) {
    if (enoughIssues(issues)) break;
    const p = row.safeParse(rec.values);
    if (!p.success) {
      issues.push(...issuesOf(rec.line, p.error));
      continue;
    }
    const r = p.data;
    const key = [r.year, r.term, r.stage, r.scope].join("|");
    const first = seen.get(key);
    if (first !== undefined) issues.push({ line: rec.line, code: "duplicateRow", params: { first } });
    seen.set(key, rec.line);
    rows.push({
      line: rec.line,
      year: r.year,
      term: r.term,
      stage: r.stage,
      scope: r.scope,
      enrolled: r.enrolled ?? null,
      admitted: r.admitted ?? null,
      passedAll: r.passed_all ?? null,
      absolute: r.absolute_reported ?? null,
      debtors: r.debtors_reported ?? null,
      debtorShare: r.debtor_share_reported ?? null,
    });
  }
  return { rows, issues };
}
