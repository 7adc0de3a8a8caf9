import { type Metrics, metrics } from "./achievement.ts";
import { allCourses, totalOf } from "./aggregation.ts";
import { courseSumFlags, type Flag, type PublishedTotalLine, publishedTotalFlags, retakeFlags, rowFlags } from "./consistency.ts";
import type { Form, Methodology, ReportedFigures, SessionCounts, SessionResult, Stage, Term, UnitKind } from "./domain.ts";
import type { SummaryResult } from "./rows.ts";

export interface SessionSelection {
  year: string;
  term: Term;
  stage: Stage;
  /** both forms when absent */
  form?: Form;
  /** every kind when absent */
  kinds?: readonly UnitKind[];
  /** unit codes (a unit with everything below it, resolved by the caller); all when absent */
  units?: readonly string[];
}

export interface ReportRow extends Metrics {
  unit: string;
  unitKind: UnitKind;
  form: Form;
  countedInTotal: boolean;
  /** the counts the figures come from (an export lists them) */
  counts: SessionCounts;
  /** the figures as the source printed them */
  reported: ReportedFigures;
  /** published absolute % per course, as printed (e.g. { "1": 33 }) */
  courseAbsolute: Readonly<Record<string, number>>;
}

export interface SessionReport {
  selection: SessionSelection;
  methodology: Methodology;
  rows: ReportRow[];
  total: Metrics;
  /** the counts the total sums (over the rows counted in totals) */
  totalCounts: SessionCounts;
  flags: Flag[];
}

export function selects(s: SessionSelection, r: SessionResult): boolean {
  return (
    r.year === s.year &&
    r.term === s.term &&
    r.stage === s.stage &&
    (!s.form || r.form === s.form) &&
    (!s.kinds || s.kinds.includes(r.unitKind)) &&
    (!s.units || s.units.includes(r.unit))
  );
}

/**
 * What rows a printed total line covers. Reports name their scopes in words; the ones
 * Sapat knows are listed here, an unknown scope is simply not checked.
 */
export function totalScope(scope: string): { form?: Form; kinds?: UnitKind[] } | null {
  const s = scope.trim().toLowerCase();
  const form: Form | undefined = s.includes("part-time") ? "part-time" : s.includes("full-time") ? "full-time" : undefined;
  const rest = s.replace(/\b(full|part)-time\b/, "").trim();
  if (rest === "main university") return { form, kinds: ["faculty", "institute"] };
  if (rest === "all" || rest === "university") return { form };
  return null;
}

function within(outer: SessionSelection, inner: { form?: Form; kinds?: readonly UnitKind[] }): boolean {
  if (outer.units) return false;
  if (outer.form && inner.form !== outer.form) return false;
  if (outer.kinds && !(inner.kinds ?? []).every((k) => outer.kinds?.includes(k))) return false;
  return inner.kinds !== undefined || !outer.kinds;
}

/**
 * The published table for a selection: one row per unit × form, the total recomputed
 * from summed counts (never averaged percentages) over the rows counted in totals,
 * and every flag of the rows and of the printed totals that fall inside the selection.
 * Published figures are checked against the methodology they were published under
 * (`publishedUnder`, the institution's), whatever base this report computes with.
 */
export function sessionReport(
  results: readonly SummaryResult[],
  selection: SessionSelection,
  methodology: Methodology,
  printedTotals: readonly (PublishedTotalLine & { year: string; term: Term })[] = [],
  publishedUnder: Methodology = methodology,
): SessionReport {
  const inPeriod = results.filter((r) => r.year === selection.year && r.term === selection.term);
  const period = allCourses(inPeriod);
  const picked = period.filter((r) => selects(selection, r));
  // every course row and both stages of the selected units, forms and kinds
  const scoped = inPeriod.filter((r) => selects({ ...selection, stage: r.stage }, r));
  const flags = [
    ...rowFlags(picked, publishedUnder),
    ...courseSumFlags(scoped.filter((r) => r.stage === selection.stage)),
    ...(selection.stage === "after-retakes" ? retakeFlags(scoped, publishedUnder) : []),
  ];
  for (const p of printedTotals) {
    if (p.year !== selection.year || p.term !== selection.term || p.stage !== selection.stage) continue;
    const scope = totalScope(p.scope);
    if (!scope || !within(selection, scope)) continue;
    const rows = period.filter((r) => selects({ ...selection, ...scope, units: undefined }, r));
    flags.push(...publishedTotalFlags(p, rows, totalOf(rows), publishedUnder));
  }
  const totalCounts = totalOf(picked);
  return {
    selection,
    methodology,
    rows: picked.map((r) => ({
      unit: r.unit,
      unitKind: r.unitKind,
      form: r.form,
      countedInTotal: r.countedInTotal,
      ...metrics(r.counts, methodology),
      counts: r.counts,
      reported: r.reported,
      courseAbsolute: (r as SummaryResult).courseAbsolute ?? {},
    })),
    total: metrics(totalCounts, methodology),
    totalCounts,
    flags,
  };
}
