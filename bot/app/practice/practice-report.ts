// The practice completion report (DOMAIN.md §4) for a year and a unit: `sapat report
// practice`, /practice and its chart all come from here. Loads the two years it compares
// for the unit's subtree only.
import {
  canSeeUnit,
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
  subtreeCodes,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { loadPractice, practiceYears } from "../../../prisma/store/practice.ts";
import { figureYears, latestFigureYears, loadFigures, loadPrintedTotals } from "../../../prisma/store/published.ts";
import { authorize } from "../access/authorize.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";

export interface PracticeReportRequest {
  /** a unit code, name or alias; null the whole institution; absent the asker's own scope */
  unit?: string | null;
  /** a unit by id (a button's data), instead of `unit` */
  unitId?: number;
  /** "2025-2026"; absent: the latest year with figures in the scope */
  year?: string;
  kinds?: readonly PracticeKind[];
}

export async function reportPractice(
  deps: AppDeps,
  actor: Actor,
  req: PracticeReportRequest,
): Promise<Outcome<PracticeReport & { unitId: number | null }>> {
  const asker = authorize(actor, undefined);
  if (!asker.ok) return asker;
  const units = await listUnits(deps.db, asker.value.institution.id);
  let requested = req.unitId === undefined ? req.unit : (units.find((u) => u.id === req.unitId)?.code ?? `#${req.unitId}`);
  if (typeof requested === "string") {
    const code = await resolveUnit(
      deps.db,
      asker.value.institution.id,
      units.map((u) => u.code),
      requested,
      (c) => canSeeUnit(asker.value.access, c),
    );
    if (!code.ok) return code;
    requested = code.value;
  }
  const allowed = authorize(actor, requested);
  if (!allowed.ok) return allowed;
  const { institution, unit } = allowed.value;
  if (req.year !== undefined && !isAcademicYear(req.year)) return fail(problem("notAcademicYear", { year: req.year }));
  const scope = unit === null ? null : subtreeCodes(units, unit);
  if (unit !== null && scope === null) return fail(problem("unknownUnit", { unit }));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const unitIds = scope?.map((c) => idOf.get(c) as number);
  const year = req.year ?? (await latestYear(deps, institution.id, unitIds));
  if (!year) return fail(problem("noPractice"));
  const years = [year, previousYear(year)].filter((y): y is string => y !== null);
  const [counts, rates, printed] = await Promise.all([
    loadPractice(deps.db, institution.id, { years, ...(unitIds ? { unitIds } : {}) }),
    loadFigures(deps.db, institution.id, "practice", { years, ...(unitIds ? { unitIds } : {}) }),
    unit === null ? loadPrintedTotals(deps.db, institution.id, "practice", years) : Promise.resolve([]),
  ]);
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
  });
  if (!report.rows.length && report.total.rate.current === null) return fail(problem("noPracticeYear", { year }));
  return ok({ ...report, unitId: unit === null ? null : (idOf.get(unit) ?? null) });
}

/** The newest year with practice counts or published rates in the scope. */
async function latestYear(deps: AppDeps, institutionId: number, unitIds: number[] | undefined): Promise<string | null> {
  const [entered, published] = await Promise.all([
    practiceYears(deps.db, institutionId, unitIds),
    unitIds ? latestFigureYears(deps.db, institutionId, "practice", unitIds) : figureYears(deps.db, institutionId, "practice"),
  ]);
  return [...entered, ...published].sort((a, b) => b.localeCompare(a))[0] ?? null;
}
