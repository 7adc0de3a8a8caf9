// Bar groups for the charts of a figures answer: each bar pair covers the same students.
import type { Metrics } from "./achievement.ts";
import { FORMS, type Form, type Methodology, previousYear, type Stage } from "./domain.ts";
import { measure, rowsOf, type SummaryQuery, type SummaryResult } from "./rows.ts";
import { lastYear, type PublishedPercent } from "./summary.ts";

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
  if (forms.length !== 1) {
    // both forms this year against both last year, or no bar: one form alone is other students
    const before = rowsOf(results, q, { year });
    const formsBefore = new Set(before.map((r) => r.form));
    return forms.length === formsBefore.size && forms.every((f) => formsBefore.has(f))
      ? (measure(before, m)?.absolute ?? null)
      : null;
  }
  return lastYear(results, published, q, forms[0] as Form, current, m)?.absolute.previous ?? null;
}
