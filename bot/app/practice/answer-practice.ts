// /practice: each unit's latest practice completion rate against its year before, loaded
// for those years only.
import {
  canSeeUnit,
  fail,
  type Outcome,
  ok,
  type PracticeSummary,
  practiceSummary,
  previousYear,
  problem,
  subtreeCodes,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { latestFigureYears, loadFigures } from "../../../prisma/store/published.ts";
import { authorize } from "../access/authorize.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";

/** `unit`: a unit code, name or alias, null the whole institution, absent the asker's own scope. */
export async function answerPractice(
  deps: AppDeps,
  actor: Actor,
  req: { unit?: string | null },
): Promise<Outcome<PracticeSummary>> {
  const asker = authorize(actor, undefined);
  if (!asker.ok) return asker;
  const units = await listUnits(deps.db, asker.value.institution.id);
  let requested = req.unit;
  if (typeof requested === "string") {
    const codes = units.map((u) => u.code);
    const code = await resolveUnit(deps.db, asker.value.institution.id, codes, requested, (c) =>
      canSeeUnit(asker.value.access, c),
    );
    if (!code.ok) return code;
    requested = code.value;
  }
  const allowed = authorize(actor, requested);
  if (!allowed.ok) return allowed;
  const { institution, unit } = allowed.value;
  const scope = unit === null ? undefined : subtreeCodes(units, unit);
  if (scope === null) return fail(problem("unknownUnit", { unit }));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const unitIds = scope?.map((c) => idOf.get(c) as number);
  const latest = await latestFigureYears(deps.db, institution.id, "practice", unitIds);
  if (!latest.length) return fail(problem("noPractice"));
  const years = [...new Set(latest.flatMap((y) => [y, previousYear(y)]).filter((y): y is string => y !== null))];
  const figures = await loadFigures(deps.db, institution.id, "practice", { years, ...(unitIds ? { unitIds } : {}) });
  const summary = practiceSummary(
    figures.map((f) => ({ unit: f.unit, year: f.year, rate: f.value })),
    scope,
  );
  return summary.lines.length ? ok(summary) : fail(problem("noPractice"));
}
