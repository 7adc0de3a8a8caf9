// What a dean or rector is told about one session: per form, the chosen stage, the other
// stage of the same session, courses and debt counts where known, and last year. Whatever
// the figures leave out or compare is said too: rows not counted in the total, published
// figures that do not add up, and which units a comparison covers when they differ.

import { type Comparison, changePp, compare } from "../shared/comparison.ts";
import type { Metrics } from "./achievement.ts";
import { sumCounts } from "./aggregation.ts";
import { type Flag, rowFlags } from "./consistency.ts";
import { FORMS, type Form, type Methodology, previousYear, STAGES, type Stage, type Term } from "./domain.ts";
import { measure, rowsOf, type SummaryQuery, type SummaryResult, sameUnits, unitsOf, wholeRows } from "./rows.ts";

/** A published percentage with no counts behind it (e.g. last year's absolute achievement). */
export interface PublishedPercent {
  unit: string;
  year: string;
  term: Term | "";
  stage: Stage | "";
  form: Form | "";
  value: number;
}

export interface CourseFigures {
  course: number;
  debtors: number | null;
  debtorShare: number | null;
  absolute: number | null;
  /** true when only the report's printed percentage is known */
  published: boolean;
}

export interface LastYear {
  year: string;
  absolute: Comparison;
  /** null when last year survives only as published percentages */
  debtorShare: Comparison | null;
  debtors: { current: number | null; previous: number } | null;
  source: "counts" | "published";
  /** the units both years cover, when not all of this year's: both figures are over these only */
  units: string[] | null;
}

/**
 * After re-takes minus main, over the units reported at both stages only (a report may
 * give the main stage for fewer units); `units` names them when they are not all.
 */
export interface RetakeChange {
  debtors: number | null;
  sharePp: number | null;
  units: string[] | null;
}

export interface FormSummary {
  form: Form;
  current: Metrics;
  /** the other stage of the same session, where it has data; `units` when it covers other units */
  other: { stage: Stage; metrics: Metrics; units: string[] | null } | null;
  /** after re-takes minus main: debtors and debtor share in percentage points */
  retakeChange: RetakeChange | null;
  byCourse: CourseFigures[];
  /** the units the course figures sum, when not every unit of the answer gives courses */
  courseUnits: string[] | null;
  byDebts: { debts1: number; debts2: number; debts3plus: number } | null;
  lastYear: LastYear | null;
}

/** A stage and form the session has data for, in the question's scope: what buttons may offer. */
export interface Available {
  stage: Stage;
  form: Form;
}

export interface SessionSummary {
  query: SummaryQuery;
  methodology: Methodology;
  forms: FormSummary[];
  /** both forms together, when there is more than one */
  total: Metrics | null;
  /** results of the forms shown that the report leaves out of its total ("counted in total" = no) */
  notCounted: { unit: string; form: Form }[];
  /** published figures of the rows shown that differ from the recomputed ones */
  flags: Flag[];
  available: Available[];
}

function byCourse(
  rows: readonly SummaryResult[],
  q: SummaryQuery,
  m: Methodology,
): Pick<FormSummary, "byCourse" | "courseUnits"> {
  const courseRows = rows.filter((r) => r.course > 0);
  const courses = [...new Set(courseRows.map((r) => r.course))].sort((a, b) => a - b);
  if (courses.length) {
    const covered = unitsOf(courseRows);
    return {
      byCourse: courses.map((course) => {
        const c = measure(
          courseRows.filter((r) => r.course === course),
          m,
        ) as Metrics;
        return { course, debtors: c.debtors, debtorShare: c.debtorShare, absolute: c.absolute, published: false };
      }),
      courseUnits: sameUnits(covered, unitsOf(rows)) ? null : covered,
    };
  }
  // Printed per-course percentages describe one unit and one form; they cannot be summed.
  const [only, ...more] = rows;
  if (!only || more.length || !q.units || !only.courseAbsolute) return { byCourse: [], courseUnits: null };
  return {
    byCourse: Object.entries(only.courseAbsolute)
      .map(([course, absolute]) => ({ course: Number(course), absolute, debtors: null, debtorShare: null, published: true }))
      .sort((a, b) => a.course - b.course),
    courseUnits: null,
  };
}

function byDebts(rows: readonly SummaryResult[]): FormSummary["byDebts"] {
  const s = sumCounts(wholeRows(rows).map((r) => r.counts));
  return s.debts1 === null || s.debts2 === null || s.debts3plus === null
    ? null
    : { debts1: s.debts1, debts2: s.debts2, debts3plus: s.debts3plus };
}

/** This year against last, over the units both years report (and saying which, when not all). */
export function lastYear(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  form: Form,
  current: Metrics,
  m: Methodology,
): LastYear | null {
  const year = previousYear(q.year);
  if (!year) return null;
  const prevRows = rowsOf(results, q, { year, form });
  const curRows = rowsOf(results, q, { form });
  const [was, now] = [unitsOf(prevRows), unitsOf(curRows)];
  const same = sameUnits(was, now);
  const prev = measure(same ? prevRows : prevRows.filter((r) => now.includes(r.unit)), m);
  const cur = same
    ? current
    : measure(
        curRows.filter((r) => was.includes(r.unit)),
        m,
      );
  if (prev && cur)
    return {
      year,
      source: "counts",
      absolute: compare(cur.absolute, prev.absolute),
      debtorShare: compare(cur.debtorShare, prev.debtorShare),
      debtors: prev.debtors === null ? null : { current: cur.debtors, previous: prev.debtors },
      units: same ? null : now.filter((u) => was.includes(u)),
    };
  // Published percentages belong to one unit: usable only when the question is about one.
  if (q.units?.length !== 1) return null;
  const p = published.find(
    (f) =>
      f.unit === q.units?.[0] &&
      f.year === year &&
      (f.term === "" || f.term === q.term) &&
      (f.stage === "" || f.stage === q.stage) &&
      (f.form === "" || f.form === form),
  );
  return p
    ? { year, source: "published", absolute: compare(current.absolute, p.value), debtorShare: null, debtors: null, units: null }
    : null;
}

function retakeChange(
  mainRows: readonly SummaryResult[],
  afterRows: readonly SummaryResult[],
  m: Methodology,
): RetakeChange | null {
  const inMain = unitsOf(mainRows);
  const inAfter = unitsOf(afterRows);
  const main = measure(
    mainRows.filter((r) => inAfter.includes(r.unit)),
    m,
  );
  const after = measure(
    afterRows.filter((r) => inMain.includes(r.unit)),
    m,
  );
  if (!main || !after) return null;
  return {
    debtors: after.debtors !== null && main.debtors !== null ? after.debtors - main.debtors : null,
    sharePp: changePp(after.debtorShare, main.debtorShare),
    units: sameUnits(inMain, inAfter) ? null : inAfter.filter((u) => inMain.includes(u)),
  };
}

export function sessionSummary(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  m: Methodology,
): SessionSummary {
  const otherStage: Stage = q.stage === "main" ? "after-retakes" : "main";
  const forms: FormSummary[] = [];
  for (const form of q.form ? [q.form] : FORMS) {
    const rows = rowsOf(results, q, { form });
    const current = measure(rows, m);
    if (!current) continue;
    const otherRows = rowsOf(results, q, { form, stage: otherStage });
    const other = measure(otherRows, m);
    forms.push({
      form,
      current,
      other: other
        ? { stage: otherStage, metrics: other, units: sameUnits(unitsOf(otherRows), unitsOf(rows)) ? null : unitsOf(otherRows) }
        : null,
      retakeChange: retakeChange(q.stage === "main" ? rows : otherRows, q.stage === "main" ? otherRows : rows, m),
      ...byCourse(rows, q, m),
      byDebts: byDebts(rows),
      lastYear: lastYear(results, published, q, form, current, m),
    });
  }
  const shown = rowsOf(results, q);
  const inSession = results.filter(
    (r) => r.year === q.year && r.term === q.term && (!q.form || r.form === q.form) && (!q.units || q.units.includes(r.unit)),
  );
  return {
    query: q,
    methodology: m,
    forms,
    total: forms.length > 1 ? measure(shown, m) : null,
    notCounted: [
      ...new Map(
        inSession
          .filter((r) => r.stage === q.stage && !r.countedInTotal)
          .map((r) => [`${r.unit}|${r.form}`, { unit: r.unit, form: r.form }]),
      ).values(),
    ],
    flags: rowFlags(shown, m),
    available: STAGES.flatMap((stage) =>
      FORMS.filter((form) => rowsOf(results, q, { stage, form }).length > 0).map((form) => ({ stage, form })),
    ),
  };
}
