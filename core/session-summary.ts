// What a dean or rector is told about one session: per form, the chosen stage, the other
// stage of the same session, courses and debt counts where known, and last year.
import { type Metrics, metrics } from "./achievement.ts";
import { sumCounts } from "./aggregation.ts";
import { type Comparison, changePp, compare } from "./comparison.ts";
import { FORMS, type Form, type Methodology, previousYear, type SessionResult, type Stage, type Term } from "./domain.ts";

/** A result as stored, with the per-course percentages some reports print instead of counts. */
export type SummaryResult = SessionResult & { courseAbsolute?: Readonly<Record<string, number>> };

/** A published percentage with no counts behind it (e.g. last year's absolute achievement). */
export interface PublishedPercent {
  unit: string;
  year: string;
  term: Term | "";
  stage: Stage | "";
  form: Form | "";
  value: number;
}

export interface SummaryQuery {
  year: string;
  term: Term;
  stage: Stage;
  /** both forms when absent */
  form?: Form;
  /** a unit and everything below it; the whole institution when absent */
  units?: readonly string[];
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
}

export interface FormSummary {
  form: Form;
  current: Metrics;
  /** the other stage of the same session, where it has data */
  other: { stage: Stage; metrics: Metrics } | null;
  /** after re-takes minus main: debtors and debtor share in percentage points */
  retakeChange: { debtors: number | null; sharePp: number | null } | null;
  byCourse: CourseFigures[];
  byDebts: { debts1: number; debts2: number; debts3plus: number } | null;
  lastYear: LastYear | null;
}

export interface SessionSummary {
  query: SummaryQuery;
  methodology: Methodology;
  forms: FormSummary[];
  /** both forms together, when there is more than one */
  total: Metrics | null;
}

/**
 * Rows a query covers. The whole institution honours "not counted in total"; a unit's
 * own answer counts its rows whatever the institution's total does with them.
 */
function rowsOf(results: readonly SummaryResult[], q: SummaryQuery, over: Partial<SummaryQuery> = {}): SummaryResult[] {
  const s = { ...q, ...over };
  return results.filter(
    (r) =>
      r.year === s.year &&
      r.term === s.term &&
      r.stage === s.stage &&
      (!s.form || r.form === s.form) &&
      (s.units ? s.units.includes(r.unit) : r.countedInTotal),
  );
}

/** All-courses rows where given, else course rows (never both, which would count twice). */
function wholeRows(rows: readonly SummaryResult[]): SummaryResult[] {
  const keys = new Set(rows.filter((r) => r.course === 0).map((r) => `${r.unit}|${r.form}`));
  return rows.filter((r) => r.course === 0 || !keys.has(`${r.unit}|${r.form}`));
}

function measure(rows: readonly SummaryResult[], m: Methodology): Metrics | null {
  const whole = wholeRows(rows);
  return whole.length ? metrics(sumCounts(whole.map((r) => r.counts)), m) : null;
}

function byCourse(rows: readonly SummaryResult[], q: SummaryQuery, m: Methodology): CourseFigures[] {
  const courses = [...new Set(rows.filter((r) => r.course > 0).map((r) => r.course))].sort((a, b) => a - b);
  if (courses.length)
    return courses.map((course) => {
      const c = metrics(sumCounts(rows.filter((r) => r.course === course).map((r) => r.counts)), m);
      return { course, debtors: c.debtors, debtorShare: c.debtorShare, absolute: c.absolute, published: false };
    });
  // Printed per-course percentages describe one unit and one form; they cannot be summed.
  const [only, ...more] = rows;
  if (!only || more.length || !q.units || !only.courseAbsolute) return [];
  return Object.entries(only.courseAbsolute)
    .map(([course, absolute]) => ({ course: Number(course), absolute, debtors: null, debtorShare: null, published: true }))
    .sort((a, b) => a.course - b.course);
}

function byDebts(rows: readonly SummaryResult[]): FormSummary["byDebts"] {
  const s = sumCounts(wholeRows(rows).map((r) => r.counts));
  return s.debts1 === null || s.debts2 === null || s.debts3plus === null
    ? null
    : { debts1: s.debts1, debts2: s.debts2, debts3plus: s.debts3plus };
}

function lastYear(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  form: Form,
  current: Metrics,
  m: Methodology,
): LastYear | null {
  const year = previousYear(q.year);
  if (!year) return null;
  const prev = measure(rowsOf(results, q, { year, form }), m);
  if (prev)
    return {
      year,
      source: "counts",
      absolute: compare(current.absolute, prev.absolute),
      debtorShare: compare(current.debtorShare, prev.debtorShare),
      debtors: prev.debtors === null ? null : { current: current.debtors, previous: prev.debtors },
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
  return p ? { year, source: "published", absolute: compare(current.absolute, p.value), debtorShare: null, debtors: null } : null;
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
    const other = measure(rowsOf(results, q, { form, stage: otherStage }), m);
    const [main, after] = q.stage === "main" ? [current, other] : [other, current];
    forms.push({
      form,
      current,
      other: other ? { stage: otherStage, metrics: other } : null,
      retakeChange:
        main && after
          ? {
              debtors: after.debtors !== null && main.debtors !== null ? after.debtors - main.debtors : null,
              sharePp: changePp(after.debtorShare, main.debtorShare),
            }
          : null,
      byCourse: byCourse(rows, q, m),
      byDebts: byDebts(rows),
      lastYear: lastYear(results, published, q, form, current, m),
    });
  }
  const total = forms.length > 1 ? measure(rowsOf(results, q), m) : null;
  return { query: q, methodology: m, forms, total };
}

/** One bar group per unit, for charts: debtors at both stages, absolute this year and last. */
export interface UnitSeries {
  units: string[];
  debtorsMain: (number | null)[];
  debtorsAfter: (number | null)[];
  absolute: (number | null)[];
  absoluteLastYear: (number | null)[];
  lastYear: string | null;
}

export function unitSeries(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  m: Methodology,
): UnitSeries {
  const year = previousYear(q.year);
  const inPeriod = results.filter((r) => r.year === q.year && r.term === q.term && (!q.form || r.form === q.form));
  const units = [...new Set(inPeriod.filter((r) => !q.units || q.units.includes(r.unit)).map((r) => r.unit))];
  const one = (unit: string, over: Partial<SummaryQuery>) => measure(rowsOf(results, { ...q, units: [unit] }, over), m);
  const series: UnitSeries = { units, debtorsMain: [], debtorsAfter: [], absolute: [], absoluteLastYear: [], lastYear: year };
  for (const unit of units) {
    series.debtorsMain.push(one(unit, { stage: "main" })?.debtors ?? null);
    series.debtorsAfter.push(one(unit, { stage: "after-retakes" })?.debtors ?? null);
    const current = one(unit, {});
    series.absolute.push(current?.absolute ?? null);
    const prev = year && current ? lastYearOf(results, published, { ...q, units: [unit] }, current, m, year) : null;
    series.absoluteLastYear.push(prev);
  }
  return series;
}

function lastYearOf(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  current: Metrics,
  m: Methodology,
  year: string,
): number | null {
  const forms = q.form
    ? [q.form]
    : [...new Set(results.filter((r) => r.unit === q.units?.[0] && r.year === q.year).map((r) => r.form))];
  if (forms.length !== 1) {
    const prev = measure(rowsOf(results, q, { year }), m);
    return prev?.absolute ?? null;
  }
  return lastYear(results, published, q, forms[0] as Form, current, m)?.absolute.previous ?? null;
}
