// Where a request stands now, unit by unit: read from the figures themselves (a unit has
// answered when it has a current figure of every kind asked, or a session result for the
// period), with the heads responsible for each unit. One load per request, by its units.
import { countStates, type RequestCounts, type UnitState, type UnitStatus, unitStatus } from "../../../core/index.ts";
import type { Unit } from "../../../prisma/generated/client.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { practiceSubmitted } from "../../../prisma/store/practice.ts";
import { type Person, peopleOfUnits, type StoredRequest, sessionSubmitted } from "../../../prisma/store/requests.ts";
import type { Db } from "../deps.ts";

export type { Person };

export interface UnitProgress extends UnitStatus {
  /** null when the unit is no longer stored (renamed or removed since) */
  unitId: number | null;
  /** active users with role head whose scope is this unit */
  heads: Person[];
}

export interface RequestProgress {
  rows: UnitProgress[];
  counts: RequestCounts;
  /** units with nobody registered to answer */
  withoutHead: number;
  /** the institution's units (for scopes and deans) */
  tree: Unit[];
}

/** What progress is read from: the request's institution, figures, units and deadline. */
export type Asked = Pick<StoredRequest, "institutionId" | "what" | "units" | "deadline">;

async function submissions(db: Db, request: Asked, unitIds: number[]): Promise<Map<number, Date>> {
  const { what } = request;
  if (what.subject === "practice") return practiceSubmitted(db, unitIds, what.year, what.kinds);
  return sessionSubmitted(db, unitIds, what);
}

export async function requestProgress(db: Db, request: Asked, now: Date): Promise<RequestProgress> {
  const tree = await listUnits(db, request.institutionId);
  const byCode = new Map(tree.map((u) => [u.code, u]));
  const ids = request.units.flatMap((code) => byCode.get(code)?.id ?? []);
  const [submitted, heads] = await Promise.all([
    submissions(db, request, ids),
    peopleOfUnits(db, request.institutionId, "head", ids),
  ]);
  const rows = request.units.map((code): UnitProgress => {
    const unitId = byCode.get(code)?.id ?? null;
    const at = unitId === null ? null : (submitted.get(unitId) ?? null);
    return {
      ...unitStatus(code, at, request.deadline, now),
      unitId,
      heads: heads.filter((h) => h.unitId === unitId),
    };
  });
  return { rows, counts: countStates(rows), withoutHead: rows.filter((r) => !r.heads.length).length, tree };
}

/** The heads of the units that have not answered (each once): who a reminder goes to. */
export function notAnswered(progress: RequestProgress, states: readonly UnitState[] = ["pending", "overdue"]): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const row of progress.rows)
    if (states.includes(row.state))
      for (const h of row.heads)
        if (!seen.has(h.telegramId)) {
          seen.add(h.telegramId);
          out.push(h);
        }
  return out;
}
