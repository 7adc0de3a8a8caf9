// The unit a figures request covers: a unit named as people type it (code, name or alias),
// by id (a button's data, 0 = the institution), or the asker's own scope; checked against
// the asker's scope, with the codes and ids of everything below it. Every figures use case
// (answers, reports, exports) starts here.
import { canSeeUnit, fail, type Outcome, ok, problem, subtreeCodes } from "../../../core/index.ts";
import type { Unit } from "../../../prisma/generated/client.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";
import { type Authorized, authorize } from "./authorize.ts";

export interface UnitAsked {
  /** a unit code, name or alias; null the whole institution; absent the asker's own scope */
  unit?: string | null;
  /** a unit by id (0: the institution), instead of `unit` */
  unitId?: number;
}

export interface ScopedUnit extends Authorized {
  /** the institution's units, in display order */
  units: Unit[];
  /** the codes of the unit and everything below it; null = the whole institution */
  subtree: string[] | null;
  /** the ids of the subtree; undefined = the whole institution */
  unitIds: number[] | undefined;
  /** the unit's id; 0 = the institution */
  unitId: number;
}

export async function authorizeUnit(deps: Pick<AppDeps, "db">, actor: Actor, req: UnitAsked): Promise<Outcome<ScopedUnit>> {
  const asker = authorize(actor, undefined);
  if (!asker.ok) return asker;
  const { institution, access } = asker.value;
  const units = await listUnits(deps.db, institution.id);
  let requested = req.unit;
  if (req.unitId !== undefined) {
    const byId = req.unitId === 0 ? null : units.find((u) => u.id === req.unitId)?.code;
    if (byId === undefined) return fail(problem("unknownUnit", { unit: String(req.unitId) }));
    requested = byId;
  } else if (typeof requested === "string") {
    const codes = units.map((u) => u.code);
    const code = await resolveUnit(deps.db, institution.id, codes, requested, (c) => canSeeUnit(access, c));
    if (!code.ok) return code;
    requested = code.value;
  }
  const allowed = authorize(actor, requested);
  if (!allowed.ok) return allowed;
  const { unit } = allowed.value;
  const subtree = unit === null ? null : subtreeCodes(units, unit);
  if (unit !== null && !subtree) return fail(problem("unknownUnit", { unit }));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  return ok({
    ...allowed.value,
    units,
    subtree,
    unitIds: subtree?.map((c) => idOf.get(c) as number),
    unitId: unit === null ? 0 : (idOf.get(unit) ?? 0),
  });
}
