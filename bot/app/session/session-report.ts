// Loads what a session report needs and hands it to the core: shared by CLI, bot and console.
import { type Base, type SessionReport, type SessionSelection, sessionReport } from "../../../core/index.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import type { Db } from "../../../prisma/store/db.ts";
import { methodologyOf, unitSubtree } from "../../../prisma/store/institutions.ts";
import { loadTotals } from "../../../prisma/store/published.ts";
import { loadSessionResults } from "../../../prisma/store/session-results.ts";

export type ReportRequest = Omit<SessionSelection, "units"> & { unit?: string; base?: Base };

export async function sessionReportFor(
  db: Db,
  institution: Institution,
  req: ReportRequest,
): Promise<SessionReport | { unknownUnit: string }> {
  const { unit, base, ...selection } = req;
  let units: string[] | undefined;
  if (unit) {
    const subtree = await unitSubtree(db, institution.id, unit);
    if (!subtree) return { unknownUnit: unit };
    units = subtree;
  }
  const methodology = { ...methodologyOf(institution), ...(base ? { base } : {}) };
  const period = { year: req.year, term: req.term };
  const [results, totals] = await Promise.all([
    loadSessionResults(db, institution.id, period),
    loadTotals(db, institution.id, period),
  ]);
  return sessionReport(results, { ...selection, ...(units ? { units } : {}) }, methodology, totals);
}
