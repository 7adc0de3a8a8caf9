// What must be accredited in an academic year, decisions per agency × level × year, and the
// licence report (counts per year and level with the rate, the level × basis × unit table):
// each for the asker's scope, like the registry itself.
import {
  type DecisionCount,
  type DueRow,
  decisionCounts,
  dueInYear,
  fail,
  type LicenceCount,
  type LicensedCell,
  licenceCounts,
  licenceTotals,
  licensedTable,
  localDay,
  type Outcome,
  ok,
  parseAcademicYear,
  problem,
} from "../../../core/index.ts";
import type { StoredAccreditation, StoredProgramme } from "../../../prisma/store/accreditation.ts";
import { loadLicences } from "../../../prisma/store/licences.ts";
import { authorizeUnit, type UnitAsked } from "../access/scoped-unit.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { accreditationRegistry } from "./accreditation-registry.ts";

export interface DueList {
  year: string;
  unit: string | null;
  rows: DueRow<StoredProgramme, StoredAccreditation>[];
}

export async function accreditationDue(
  deps: AppDeps,
  actor: Actor,
  req: UnitAsked & { year: string; level?: string },
): Promise<Outcome<DueList>> {
  const year = parseAcademicYear(req.year);
  if (!year) return fail(problem("notAcademicYear", { year: req.year }));
  const registry = await accreditationRegistry(deps, actor, { ...req, on: `${year.slice(0, 4)}-09-01` });
  if (!registry.ok) return registry;
  return ok({ year, unit: registry.value.unit, rows: dueInYear(registry.value.rows, year) ?? [] });
}

export async function accreditationCounts(
  deps: AppDeps,
  actor: Actor,
  req: UnitAsked,
): Promise<Outcome<{ unit: string | null; counts: DecisionCount[] }>> {
  const registry = await accreditationRegistry(deps, actor, req);
  if (!registry.ok) return registry;
  return ok({ unit: registry.value.unit, counts: decisionCounts(registry.value.decisions) });
}

export interface LicenceReport {
  unit: string | null;
  /** the day the table counts licences in force on */
  on: string;
  counts: LicenceCount[];
  /** per year, every level together */
  totals: Omit<LicenceCount, "level">[];
  table: LicensedCell[];
}

export async function licenceReport(
  deps: AppDeps,
  actor: Actor,
  req: UnitAsked & { year?: string },
): Promise<Outcome<LicenceReport>> {
  const scoped = await authorizeUnit(deps, actor, req);
  if (!scoped.ok) return scoped;
  const year = req.year === undefined ? null : parseAcademicYear(req.year);
  if (req.year !== undefined && !year) return fail(problem("notAcademicYear", { year: req.year }));
  const { institution, unit, unitIds } = scoped.value;
  const licences = await loadLicences(deps.db, institution.id, unitIds ? { unitIds } : {});
  const counts = licenceCounts(licences);
  const totals = licenceTotals(licences);
  return ok({
    unit,
    on: localDay(deps.now(), institution.timeZone),
    counts: year ? counts.filter((c) => c.year === year) : counts,
    totals: year ? totals.filter((c) => c.year === year) : totals,
    table: licensedTable(licences, localDay(deps.now(), institution.timeZone)),
  });
}
