// The practice completion report (DOMAIN.md §4) for a year and a unit: `sapat report
// practice`, /practice and its chart all come from here. Loads the two years it compares
// for the unit's subtree only.
import {
  fail,
  isAcademicYear,
  type Outcome,
  ok,
  type PracticeKind,
  type PracticeRateFigure,
  type PracticeReport,
  practiceReport,
  previousYear,
  problem,
} from "../../../core/index.ts";
import { loadPractice, practiceReporting, practiceYears } from "../../../prisma/store/practice.ts";
import { figureYears, latestFigureYears, loadFigures, loadPrintedTotals } from "../../../prisma/store/published.ts";
import { authorizeUnit, type UnitAsked } from "../access/scoped-unit.ts";
import type { Actor, AppDeps } from "../deps.ts";

export interface PracticeReportRequest extends UnitAsked {
  /** "2025-2026"; absent: the latest year with figures in the scope */
  year?: string;
  kinds?: readonly PracticeKind[];
}

export async function reportPractice(
  deps: AppDeps,
  actor: Actor,
  req: PracticeReportRequest,
): Promise<Outcome<PracticeReport & { unitId: number | null }>> {
  const scoped = await authorizeUnit(deps, actor, req);
  if (!scoped.ok) return scoped;
  const { institution, unit, units, subtree: scope, unitIds, unitId } = scoped.value;
  if (req.year !== undefined && !isAcademicYear(req.year)) return fail(problem("notAcademicYear", { year: req.year }));
  const year = req.year ?? (await latestYear(deps, institution.id, unitIds));
  if (!year) return fail(problem("noPractice"));
  const years = [year, previousYear(year)].filter((y): y is string => y !== null);
  const [counts, rates, printed, reporting] = await Promise.all([
    loadPractice(deps.db, institution.id, { years, ...(unitIds ? { unitIds } : {}) }),
    loadFigures(deps.db, institution.id, "practice", { years, ...(unitIds ? { unitIds } : {}) }),
    unit === null ? loadPrintedTotals(deps.db, institution.id, "practice", years) : Promise.resolve([]),
    practiceReporting(deps.db, institution.id),
  ]);
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  const published: PracticeRateFigure[] = [
    ...rates.map((r) => ({ unit: r.unit, year: r.year, value: r.value })),
    ...printed.map((p) => ({ unit: null, year: p.year, value: p.value })),
  ];
  const report = practiceReport({
    year,
    previousYear: previousYear(year),
    unit,
    units: scope ? units.filter((u) => scope.includes(u.code)) : units,
    counts,
    published,
    ...(req.kinds ? { kinds: req.kinds } : {}),
    reporting: reporting.flatMap((id) => codeOf.get(id) ?? []),
  });
  if (!report.rows.length && report.total.rate.current === null) return fail(problem("noPracticeYear", { year }));
  return ok({ ...report, unitId: unitId === 0 ? null : unitId });
}

/** The newest year with practice counts or published rates in the scope. */
async function latestYear(deps: AppDeps, institutionId: number, unitIds: number[] | undefined): Promise<string | null> {
  const [entered, published] = await Promise.all([
    practiceYears(deps.db, institutionId, unitIds),
    unitIds ? latestFigureYears(deps.db, institutionId, "practice", unitIds) : figureYears(deps.db, institutionId, "practice"),
  ]);
  return [...entered, ...published].sort((a, b) => b.localeCompare(a))[0] ?? null;
}
