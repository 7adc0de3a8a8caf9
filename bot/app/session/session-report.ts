// The published table of one session, recomputed with its flags: the CLI's report, the
// demo's headline, and the Excel export (which also wants each form's own total).
import {
  type Base,
  FORMS,
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

export interface ReportByForm {
  /** the whole selection */
  all: SessionReport;
  /** the selection one form at a time (only the form asked for, when one was) */
  byForm: SessionReport[];
}

/** The period's results and printed totals, loaded once, and the report of any selection within it. */
async function reporter(db: Db, institution: Institution, req: ReportRequest) {
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
  const scoped: SessionSelection = { ...selection, ...(units ? { units } : {}) };
  return ok((over: Partial<SessionSelection> = {}) =>
    sessionReport(results, { ...scoped, ...over }, methodology, totals, published),
  );
}

export async function reportSession(db: Db, institution: Institution, req: ReportRequest): Promise<Outcome<SessionReport>> {
  const report = await reporter(db, institution, req);
  return report.ok ? ok(report.value()) : report;
}

export async function reportSessionByForm(db: Db, institution: Institution, req: ReportRequest): Promise<Outcome<ReportByForm>> {
  const report = await reporter(db, institution, req);
  if (!report.ok) return report;
  const forms = req.form ? [req.form] : FORMS;
  return ok({ all: report.value(), byForm: forms.map((form) => report.value({ form })) });
}
