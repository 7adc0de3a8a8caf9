// /practice: completion rates of the latest year with figures against the year before,
// loaded for those two years only.
import {
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
import { figureYears, loadFigures } from "../../../prisma/store/published.ts";
import { authorize } from "../access/authorize.ts";
import type { Actor, AppDeps } from "../deps.ts";

/** `unit`: a unit code, null the whole institution, absent the asker's own scope. */
export async function answerPractice(
  deps: AppDeps,
  actor: Actor,
  req: { unit?: string | null },
): Promise<Outcome<PracticeSummary>> {
  const allowed = authorize(actor, req.unit);
  if (!allowed.ok) return allowed;
  const { institution, unit } = allowed.value;
  const units = await listUnits(deps.db, institution.id);
  const scope = unit === null ? undefined : subtreeCodes(units, unit);
  if (scope === null) return fail(problem("unknownUnit", { unit }));
  const [year] = await figureYears(deps.db, institution.id, "practice");
  if (!year) return fail(problem("noPractice"));
  const years = [year, previousYear(year)].filter((y): y is string => y !== null);
  const figures = await loadFigures(deps.db, institution.id, "practice", { years });
  const summary = practiceSummary(
    figures.map((f) => ({ unit: f.unit, year: f.year, rate: f.value })),
    year,
    scope,
  );
  return summary.lines.length ? ok(summary) : fail(problem("noPractice"));
}
