// What a dean or rector is told about one session: per form, the chosen stage, the other
// stage of the same session, courses and debt counts where known, and last year.

import { type Comparison, changePp, compare } from "../shared/comparison.ts";
import { type Metrics, metrics } from "./achievement.ts";
import { sumCounts } from "./aggregation.ts";
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
  /** the other stage of the same session, where it has data */
  other: { stage: Stage; metrics: Metrics } | null;
  /** after re-takes minus main: debtors and debtor share in percentage points */
  retakeChange: RetakeChange | null;
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

function retakeChange(
  mainRows: readonly SummaryResult[],
  afterRows: readonly SummaryResult[],
  m: Methodology,
): RetakeChange | null {
  const inMain = new Set(mainRows.map((r) => r.unit));
  const inAfter = new Set(afterRows.map((r) => r.unit));
  const both = [...inAfter].filter((u) => inMain.has(u));
  const main = measure(
    mainRows.filter((r) => inAfter.has(r.unit)),
    m,
  );
  const after = measure(
    afterRows.filter((r) => inMain.has(r.unit)),
    m,
  );
  if (!main || !after) return null;
  return {
    debtors: after.debtors !== null && main.debtors !== null ? after.debtors - main.debtors : null,
    sharePp: changePp(after.debtorShare, main.debtorShare),
    units: both.length === inMain.size && both.length === inAfter.size ? null : both,
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
      other: other ? { stage: otherStage, metrics: other } : null,
      retakeChange: retakeChange(q.stage === "main" ? rows : otherRows, q.stage === "main" ? otherRows : rows, m),
      byCourse: byCourse(rows, q, m),
      byDebts: byDebts(rows),
      lastYear: lastYear(results, published, q, form, current, m),
    });
  }
  const total = forms.length > 1 ? measure(rowsOf(results, q), m) : null;
  return { query: q, methodology: m, forms, total };
}

/** A bar group of a chart: a unit, or one form of it when a single unit is shown. */
export interface SeriesGroup {
  unit: string;
  form?: Form;
}

/** Bar groups for charts: debtors at both stages, absolute this year and last. */
export interface UnitSeries {
  groups: SeriesGroup[];
  debtorsMain: (number | null)[];
  debtorsAfter: (number | null)[];
  absolute: (number | null)[];
  absoluteLastYear: (number | null)[];
  lastYear: string | null;
}

/**
 * One group per unit in the query; a single unit is split by form so a dean's chart has
 * something to compare. Main vs after re-takes counts only forms reported at both
 * stages, so the two bars of a unit cover the same students.
 */
export function unitSeries(
  results: readonly SummaryResult[],
  published: readonly PublishedPercent[],
  q: SummaryQuery,
  m: Methodology,
): UnitSeries {
  const year = previousYear(q.year);
  const inPeriod = results.filter(
    (r) => r.year === q.year && r.term === q.term && (!q.form || r.form === q.form) && (!q.units || q.units.includes(r.unit)),
  );
  const units = [...new Set(inPeriod.map((r) => r.unit))];
  const formsOf = (unit: string, stage?: Stage) =>
    FORMS.filter((f) => inPeriod.some((r) => r.unit === unit && r.form === f && (!stage || r.stage === stage)));
  const groups: SeriesGroup[] =
    units.length === 1 && formsOf(units[0] as string).length > 1
      ? formsOf(units[0] as string).map((form) => ({ unit: units[0] as string, form }))
      : units.map((unit) => (q.form ? { unit, form: q.form } : { unit }));
  const series: UnitSeries = { groups, debtorsMain: [], debtorsAfter: [], absolute: [], absoluteLastYear: [], lastYear: year };
  // Each group reads only its unit's rows of this year and last: one pass, not one per group.
  const byUnit = new Map<string, SummaryResult[]>();
  for (const r of results)
    if (r.term === q.term && (r.year === q.year || r.year === year)) {
      const rows = byUnit.get(r.unit);
      if (rows) rows.push(r);
      else byUnit.set(r.unit, [r]);
    }
  for (const g of groups) {
    const own = byUnit.get(g.unit) ?? [];
    const both = g.form ? [g.form] : formsOf(g.unit, "main").filter((f) => formsOf(g.unit, "after-retakes").includes(f));
    // a unit reported at one stage only still shows that stage's bar
    const debtors = (stage: Stage) => {
      const forms = both.length ? both : formsOf(g.unit, stage);
      return forms.length
        ? sumDebtors(forms.map((form) => measure(rowsOf(own, { ...q, units: [g.unit], form, stage }), m)))
        : null;
    };
    series.debtorsMain.push(debtors("main"));
    series.debtorsAfter.push(debtors("after-retakes"));
    const scoped = { ...q, units: [g.unit], ...(g.form ? { form: g.form } : {}) };
    const current = measure(rowsOf(own, scoped), m);
    series.absolute.push(current?.absolute ?? null);
    series.absoluteLastYear.push(year && current ? lastYearAbsolute(own, published, scoped, current, m, year) : null);
  }
  return series;
}

/**
 * Indexes of at most `max` groups, all of them in their order when they fit, else those
 * needing attention most: the most debtors after re-takes, or the lowest achievement.
 */
export function needingAttention(series: UnitSeries, by: "debtors" | "absolute", max: number): number[] {
  const all = series.groups.map((_, i) => i);
  if (all.length <= max) return all;
  const key = (i: number) =>
    by === "debtors" ? -(series.debtorsAfter[i] ?? -1) : (series.absolute[i] ?? Number.POSITIVE_INFINITY);
  return all.sort((a, b) => key(a) - key(b) || a - b).slice(0, max);
}

function sumDebtors(ms: (Metrics | null)[]): number | null {
  return ms.every((x) => x?.debtors !== null && x !== null) ? ms.reduce((a, x) => a + (x?.debtors ?? 0), 0) : null;
}

/** Last year's absolute achievement: from counts where kept, else a published figure of one unit and form. */
function lastYearAbsolute(
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
  if (forms.length !== 1) return measure(rowsOf(results, q, { year }), m)?.absolute ?? null;
  return lastYear(results, published, q, forms[0] as Form, current, m)?.absolute.previous ?? null;
}
