// Stored figures named as the files name them: a preview says "passed_all 348 → 349" in
// the columns the user typed, and the history lists a version's figures the same way.
import { BESIDE_FIELDS, COUNT_FIELDS, type Form, type SessionResult, type Term } from "../../../core/index.ts";
import type { FieldChange, FigureValue } from "../../../prisma/store/db.ts";
import type { FigureMetric } from "../../../prisma/store/published.ts";
import { COUNT_COLUMNS, REPORTED_COLUMNS } from "../../io/session-workbook.ts";
import type { FigureImportRow } from "./figures-rows.ts";
import type { PracticeImportRow } from "./practice-rows.ts";
import type { ColumnChange, RowDescriber } from "./preview.ts";
import type { SessionImportRow } from "./session-rows.ts";
import type { TotalsImportRow } from "./totals-rows.ts";

/** Session figures as stored (the core's names) → their columns, in the order files have them. */
const SESSION_COLUMNS: Record<string, string> = {
  countedInTotal: "counted_in_total",
  ...COUNT_COLUMNS,
  ...Object.fromEntries(BESIDE_FIELDS.map((f) => [`${f}Reported`, REPORTED_COLUMNS[f]])),
};
const COUNTS = new Set<string>(COUNT_FIELDS);

/** Published per-course percentages are stored as one JSON text: compared course by course. */
function courseChanges(from: FigureValue, to: FigureValue): (ColumnChange & { count: boolean })[] {
  const parse = (v: FigureValue) => (typeof v === "string" ? (JSON.parse(v) as Record<string, number>) : {});
  const [a, b] = [parse(from), parse(to)];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => a[k] !== b[k])
    .map((k) => ({ column: `course${k}_abs`, from: a[k] ?? null, to: b[k] ?? null, count: false }));
}

function sessionColumns(c: FieldChange): (ColumnChange & { count: boolean })[] {
  if (c.field === "courseAbsoluteReported") return courseChanges(c.from, c.to);
  return [{ column: SESSION_COLUMNS[c.field] ?? c.field, from: c.from, to: c.to, count: COUNTS.has(c.field) }];
}

export const sessionRef = (r: SessionResult) => ({
  unit: r.unit,
  year: r.year,
  term: r.term,
  stage: r.stage,
  form: r.form,
  course: r.course,
});

export function describeSession(rows: readonly SessionImportRow[]): RowDescriber {
  return {
    row: (i) => {
      const { line, result } = rows[i] as SessionImportRow;
      return { line, what: sessionRef(result) };
    },
    countsAfter: (i) => {
      const { counts } = (rows[i] as SessionImportRow).result;
      return COUNT_FIELDS.map((f) => counts[f]);
    },
    columns: sessionColumns,
  };
}

/** One session result's figures by column, those it has (the history's lines). */
export function sessionFigures(r: SessionResult, courseAbsolute: Record<string, number>): Record<string, FigureValue> {
  const stored: Record<string, FigureValue> = {
    countedInTotal: r.countedInTotal,
    ...r.counts,
    absoluteReported: r.reported.absolute,
    qualityReported: r.reported.quality,
    debtorsReported: r.reported.debtors,
    debtorShareReported: r.reported.debtorShare,
  };
  const out: Record<string, FigureValue> = {};
  for (const [field, column] of Object.entries(SESSION_COLUMNS)) if (stored[field] !== null) out[column] = stored[field] ?? null;
  for (const [course, value] of Object.entries(courseAbsolute)) out[`course${course}_abs`] = value;
  return out;
}

const TOTALS_COLUMNS: Record<string, [column: string, count: boolean]> = {
  enrolled: ["enrolled", true],
  admitted: ["admitted", true],
  passedAll: ["passed_all", true],
  absoluteReported: ["absolute_reported", false],
  debtorsReported: ["debtors_reported", false],
  debtorShareReported: ["debtor_share_reported", false],
};

export function describeTotals(rows: readonly TotalsImportRow[]): RowDescriber {
  return {
    row: (i) => {
      const r = rows[i] as TotalsImportRow;
      return { line: r.line, what: { year: r.year, term: r.term, stage: r.stage, scope: r.scope } };
    },
    countsAfter: (i) => {
      const r = rows[i] as TotalsImportRow;
      return [r.enrolled, r.admitted, r.passedAll];
    },
    columns: (c) => {
      const [column, count] = TOTALS_COLUMNS[c.field] ?? [c.field, false];
      return [{ column, from: c.from, to: c.to, count }];
    },
  };
}

export function describeFigures(
  rows: readonly FigureImportRow[],
  key: { metric: FigureMetric; term?: Term; form?: Form },
): RowDescriber {
  return {
    row: (i) => {
      const r = rows[i] as FigureImportRow;
      return {
        line: r.line,
        what: { unit: r.label, metric: key.metric, year: r.year, term: key.term ?? "", stage: r.stage, form: key.form ?? "" },
      };
    },
    // the value sits in the year's column: "2019-2020" or "2019-2020 main"
    columns: (c, i) => {
      const r = rows[i] as FigureImportRow;
      return [{ column: r.stage ? `${r.year} ${r.stage}` : r.year, from: c.from, to: c.to, count: false }];
    },
  };
}

export function describePractice(rows: readonly PracticeImportRow[]): RowDescriber {
  return {
    row: (i) => {
      const r = rows[i] as PracticeImportRow;
      return { line: r.line, what: { unit: r.unit, year: r.year, kind: r.kind } };
    },
    countsAfter: (i) => {
      const r = rows[i] as PracticeImportRow;
      return [r.assigned, r.completed];
    },
    columns: (c) => [{ column: c.field, from: c.from, to: c.to, count: true }],
  };
}
