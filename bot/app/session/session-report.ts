// The published table of one session, recomputed with its flags: the CLI's report, the
// demo's headline, and later the Excel export.
import {
  type Base,
  fail,
  type Outcome,
  ok,
  problem,
  type SessionReport,
  type SessionSelection,
  sessionReport,
} from "../../../core/index.ts";
import { methodologyOf, unitSubtree } from "../../../prisma/store/institutions.ts";
import { loadTotals } from "../../../prisma/store/published.ts";
import { loadSessionResults } from "../../../prisma/store/session-results.ts";
import type { Db, Institution } from "../deps.ts";

export type ReportRequest = Omit<SessionSelection, "units"> & { unit?: string; base?: Base };

export async function reportSession(db: Db, institution: Institution, req: ReportRequest): Promise<Outcome<SessionReport>> {
  const { unit, base, ...selection } = req;
  let units: string[] | undefined;
  if (unit) {
    const subtree = await unitSubtree(db, institution.id, unit);
    if (!subtree) return fail(problem("unknownUnit", { unit }));
    units = subtree;
  }
  const published = methodologyOf(institution);
  const methodology = { ...published, ...(base ? { base } : {}) };
  const period = { year: req.year, term: req.term };
  const [results, totals] = await Promise.all([
    loadSessionResults(db, institution.id, { years: [req.year], term: req.term }),
    loadTotals(db, institution.id, period),
  ]);
  return ok(sessionReport(results, { ...selection, ...(units ? { units } : {}) }, methodology, totals, published));
}
