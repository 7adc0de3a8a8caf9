// The exam-session report layout (data/kstu/kstu-2019-2020-spring-session.csv) → core results.
import { z } from "zod";
import { FORMS, type SessionResult, STAGES, TERMS, UNIT_KINDS } from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { academicYear, checkColumns, count, enoughIssues, issuesOf, oneOf, percentage, requiredCount, yesNo } from "./fields.ts";

const REQUIRED = ["year", "term", "stage", "form", "unit", "enrolled", "admitted", "passed_all"] as const;
const COURSE_ABS = /^course([1-6])_abs$/;

// Built once: a schema made inside the row's transform would be rebuilt for every row.
const unitKind = oneOf(UNIT_KINDS);

const row = z.object({
  year: academicYear,
  term: oneOf(TERMS),
  stage: oneOf(STAGES),
  form: oneOf(FORMS),
  unit: z.string().min(1, { message: "required" }),
  unit_kind: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const r = unitKind.safeParse(s || "faculty");
      if (r.success) return r.data;
      for (const i of r.error.issues) ctx.addIssue({ ...i, code: "custom" } as never);
      return z.NEVER;
    }),
  counted_in_total: yesNo.optional().transform((v) => v ?? true),
  course: count.optional().transform((n, ctx) => {
    if (n === null || n === undefined) return 0;
    if (n < 1 || n > 6) {
      ctx.addIssue({ code: "custom", message: "badCourse", params: { value: n } });
      return z.NEVER;
    }
    return n;
  }),
  enrolled: requiredCount,
  admitted: requiredCount,
  passed_all: requiredCount,
  not_admitted_excused: count.optional(),
  not_admitted_unexcused: count.optional(),
  excellent_only: count.optional(),
  excellent_good: count.optional(),
  mixed: count.optional(),
  satisfactory_only: count.optional(),
  debts_1: count.optional(),
  debts_2: count.optional(),
  debts_3plus: count.optional(),
  no_show: count.optional(),
  absolute_reported: percentage.optional(),
  quality_reported: percentage.optional(),
  debtors_reported: count.optional(),
  debtor_share_reported: percentage.optional(),
});
export type SessionCsvRow = z.output<typeof row>;

const KNOWN = new Set<string>(Object.keys(row.shape));

/** A parsed row: the core result plus what only storage keeps. */
export interface SessionImportRow {
  line: number;
  result: SessionResult;
  /** published absolute % per course, e.g. { "1": 33 } */
  courseAbsolute: Record<string, number>;
}

export function parseSessionRows(table: Table): { rows: SessionImportRow[]; issues: ImportIssue[] } {
  const issues = checkColumns(table.header, table.headerLine, REQUIRED, (c) => KNOWN.has(c) || COURSE_ABS.test(c));
  if (issues.length) return { rows: [], issues };

  const rows: SessionImportRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of table.records) {
    if (enoughIssues(issues)) break;
    const parsed = row.safeParse(rec.values);
    const courseAbsolute: Record<string, number> = {};
    const lineIssues = parsed.success ? [] : issuesOf(rec.line, parsed.error);
    for (const [col, raw] of Object.entries(rec.values)) {
      const m = COURSE_ABS.exec(col);
      if (!m || raw === "") continue;
      const p = percentage.safeParse(raw);
      if (p.success && p.data !== null) courseAbsolute[m[1] as string] = p.data;
      else if (!p.success)
        lineIssues.push(...issuesOf(rec.line, p.error).map((i) => ({ ...i, params: { ...i.params, column: col } })));
    }
    if (!parsed.success || lineIssues.length) {
      issues.push(...lineIssues);
      continue;
    }
    const r = parsed.data;
    // Impossible counts are entry errors, not arithmetic slips: the row is refused.
    if (r.admitted > r.enrolled)
      issues.push({ line: rec.line, code: "admittedOverEnrolled", params: { admitted: r.admitted, enrolled: r.enrolled } });
    if (r.passed_all > r.admitted)
      issues.push({ line: rec.line, code: "passedOverAdmitted", params: { passed: r.passed_all, admitted: r.admitted } });
    const key = [r.year, r.term, r.stage, r.form, r.unit, r.course].join("|");
    const first = seen.get(key);
    if (first !== undefined) issues.push({ line: rec.line, code: "duplicateRow", params: { first } });
    else seen.set(key, rec.line);

    rows.push({
      line: rec.line,
      courseAbsolute,
      result: {
        unit: r.unit,
        unitKind: r.unit_kind,
        year: r.year,
        term: r.term,
        stage: r.stage,
        form: r.form,
        course: r.course,
        countedInTotal: r.counted_in_total,
        counts: {
          enrolled: r.enrolled,
          admitted: r.admitted,
          notAdmittedExcused: r.not_admitted_excused ?? null,
          notAdmittedUnexcused: r.not_admitted_unexcused ?? null,
          passedAll: r.passed_all,
          excellentOnly: r.excellent_only ?? null,
          excellentGood: r.excellent_good ?? null,
          mixed: r.mixed ?? null,
          satisfactoryOnly: r.satisfactory_only ?? null,
          debts1: r.debts_1 ?? null,
          debts2: r.debts_2 ?? null,
          debts3plus: r.debts_3plus ?? null,
          noShow: r.no_show ?? null,
        },
        reported: {
          absolute: r.absolute_reported ?? null,
          quality: r.quality_reported ?? null,
          debtors: r.debtors_reported ?? null,
          debtorShare: r.debtor_share_reported ?? null,
        },
      },
    });
  }
  return { rows, issues };
}
