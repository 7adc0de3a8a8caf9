// The rows a question covers and their measures: shared by the summary and the chart series.
import { type Metrics, metrics } from "./achievement.ts";
import { sumCounts } from "./aggregation.ts";
import type { Form, Methodology, SessionResult, Stage, Term } from "./domain.ts";

/** A result as stored, with the per-course percentages some reports print instead of counts. */
export type SummaryResult = SessionResult & { courseAbsolute?: Readonly<Record<string, number>> };

export interface SummaryQuery {
  year: string;
  term: Term;
  stage: Stage;
  /** both forms when absent */
  form?: Form;
  /** a unit and everything below it; the whole institution when absent */
  units?: readonly string[];
}

/**
 * Rows a query covers. The whole institution honours "not counted in total"; a unit's
 * own answer counts its rows whatever the institution's total does with them.
 */
export function rowsOf(results: readonly SummaryResult[], q: SummaryQuery, over: Partial<SummaryQuery> = {}): SummaryResult[] {
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
export function wholeRows(rows: readonly SummaryResult[]): SummaryResult[] {
  const keys = new Set(rows.filter((r) => r.course === 0).map((r) => `${r.unit}|${r.form}`));
  return rows.filter((r) => r.course === 0 || !keys.has(`${r.unit}|${r.form}`));
}

export function measure(rows: readonly SummaryResult[], m: Methodology): Metrics | null {
  const whole = wholeRows(rows);
  return whole.length ? metrics(sumCounts(whole.map((r) => r.counts)), m) : null;
}

/** The units rows belong to, in the order they come. */
export function unitsOf(rows: readonly SummaryResult[]): string[] {
  return [...new Set(rows.map((r) => r.unit))];
}

/** Whether two row sets cover the same units: only then are their figures comparable as they stand. */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((u) => b.includes(u));
}
