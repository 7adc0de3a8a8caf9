// Everything a figures answer is computed from, loaded once per answer.
import {
  type Access,
  effectiveScope,
  type Methodology,
  type PublishedPercent,
  type Stage,
  subtreeCodes,
  type Term,
} from "../../../core/index.ts";
import type { Institution, Unit } from "../../../prisma/generated/client.ts";
import type { Db } from "../../../prisma/store/db.ts";
import { listUnits, methodologyOf } from "../../../prisma/store/institutions.ts";
import { loadFigures } from "../../../prisma/store/published.ts";
import { loadSessionResults, type StoredSessionResult, sessionPeriods } from "../../../prisma/store/session-results.ts";

export interface FiguresData {
  institution: Institution;
  methodology: Methodology;
  units: Unit[];
  results: StoredSessionResult[];
  published: PublishedPercent[];
  /** newest first */
  periods: { year: string; term: Term; stage: Stage }[];
}

export async function loadFiguresData(db: Db, institution: Institution): Promise<FiguresData> {
  const [units, results, published, periods] = await Promise.all([
    listUnits(db, institution.id),
    loadSessionResults(db, institution.id),
    loadFigures(db, institution.id, "absolute"),
    sessionPeriods(db, institution.id),
  ]);
  return { institution, methodology: methodologyOf(institution), units, results, published, periods };
}

/** The codes a unit id covers (the unit and below), or undefined for the institution. */
export function unitsOf(data: FiguresData, unitId: number): string[] | undefined {
  if (unitId === 0) return undefined;
  const unit = data.units.find((u) => u.id === unitId);
  return unit ? (subtreeCodes(data.units, unit.code) ?? [unit.code]) : [];
}

/** Units a user may pick: everything with results in scope; top-level first as stored. */
export function pickableUnits(data: FiguresData, access: Access): Unit[] {
  const scope = effectiveScope(access);
  const withData = new Set(data.results.map((r) => r.unit));
  return data.units.filter((u) => withData.has(u.code) && (scope.kind === "institution" || scope.units.includes(u.code)));
}
