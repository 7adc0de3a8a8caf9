// Practice completion counts (DOMAIN.md §4): one row per unit × year × kind with students
// assigned and completed, and the day the figures are as of. Kinds in any of the three
// languages (production, өндүрүштүк, производственная).
import { z } from "zod";
import {
  academicYearOf,
  isLaterYear,
  type PracticeEntry,
  parsePracticeKind,
  practiceCountProblems,
} from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { academicYear, checkColumns, enoughIssues, issuesOf, requiredCount } from "./fields.ts";

const kind = z.string().transform((s, ctx) => {
  const k = parsePracticeKind(s);
  if (!k) {
    ctx.addIssue({ code: "custom", message: "notPracticeKind", params: { value: s } });
    return z.NEVER;
  }
  return k;
});

/** "2026-09-25" or "25.09.2026" → "2026-09-25". */
const day = z.string().transform((s, ctx) => {
  if (s === "") return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : [];
  const date = new Date(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T00:00:00Z`);
  if (!y || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) {
    ctx.addIssue({ code: "custom", message: "badDate", params: { value: s } });
    return z.NEVER;
  }
  return date.toISOString().slice(0, 10);
});

const row = z.object({
  unit: z.string().min(1, { message: "required" }),
  year: academicYear,
  kind,
  assigned: requiredCount,
  completed: requiredCount,
  as_of: day.optional(),
});

export const PRACTICE_COLUMNS = Object.keys(row.shape);

export type PracticeImportRow = PracticeEntry & { line: number };

/** Rows of a practice file; `today` is the "as of" day of rows that do not give one. */
export function parsePracticeRows(table: Table, today: string): { rows: PracticeImportRow[]; issues: ImportIssue[] } {
  const issues = checkColumns(table.header, table.headerLine, ["unit", "year", "kind", "assigned", "completed"], (c) =>
    PRACTICE_COLUMNS.includes(c),
  );
  if (issues.length) return { rows: [], issues };
  const rows: PracticeImportRow[] = [];
  const seen = new Map<string, number>();
  const current = academicYearOf({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) });
  for (const rec of table.records) {
    if (enoughIssues(issues)) break;
    const p = row.safeParse(rec.values);
    if (!p.success) {
      issues.push(...issuesOf(rec.line, p.error));
      continue;
    }
    const r = p.data;
    // figures of a year not begun cannot be entered in the chat either
    if (isLaterYear(r.year, current))
      issues.push({ line: rec.line, code: "practiceFutureYear", params: { year: r.year, current } });
    for (const problem of practiceCountProblems({ assigned: r.assigned, completed: r.completed }))
      issues.push({ line: rec.line, ...problem });
    const key = [r.unit, r.year, r.kind].join("|");
    const first = seen.get(key);
    if (first !== undefined) issues.push({ line: rec.line, code: "duplicateRow", params: { first } });
    seen.set(key, rec.line);
    rows.push({
      line: rec.line,
      unit: r.unit,
      year: r.year,
      kind: r.kind,
      assigned: r.assigned,
      completed: r.completed,
      asOf: r.as_of ?? today,
    });
  }
  return { rows, issues };
}
