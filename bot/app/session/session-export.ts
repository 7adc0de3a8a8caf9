// A session report to download (sapat export session, /export): the asker's scope, the
// session asked for or the latest one, laid out as the published table — each form's units
// and total, the grand total, the published figures beside the recomputed ones where they
// differ — with every flag. The figures are the session report's; nothing is recomputed here.
import {
  type Base,
  defaultSelection,
  type Flag,
  fail,
  type Methodology,
  type Outcome,
  ok,
  type PublishedTable,
  problem,
  publishedTable,
  type SelectionWish,
  type SessionSelection,
  type UnitKind,
} from "../../../core/index.ts";
import { sessionPeriods } from "../../../prisma/store/session-results.ts";
import { authorizeUnit } from "../access/scoped-unit.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { reportSessionByForm } from "./session-report.ts";

export interface ExportRequest extends SelectionWish {
  /** a unit code, name or alias; null = the whole institution; absent = the asker's own scope */
  unit?: string | null;
  kinds?: readonly UnitKind[];
  base?: Base;
}

export interface SessionExport {
  institution: { code: string; name: string };
  /** the unit the table covers (with everything below it); null = the whole institution */
  unit: string | null;
  selection: SessionSelection;
  methodology: Methodology;
  table: PublishedTable;
  flags: Flag[];
}

export async function exportSession(deps: AppDeps, actor: Actor, req: ExportRequest): Promise<Outcome<SessionExport>> {
  const { db } = deps;
  const scoped = await authorizeUnit(deps, actor, req);
  if (!scoped.ok) return scoped;
  const { institution, unit, unitIds } = scoped.value;
  const periods = await sessionPeriods(db, institution.id, unitIds);
  // the latest session with data in scope, narrowed by what was asked
  const chosen = defaultSelection(periods, unit, req);
  const session = req.year && req.term && req.stage ? { year: req.year, term: req.term, stage: req.stage } : chosen;
  if (!session) return fail(problem("noData"));
  const form = req.form && req.form !== "all" ? req.form : undefined;
  const reports = await reportSessionByForm(db, institution, {
    year: session.year,
    term: session.term,
    stage: session.stage,
    ...(form ? { form } : {}),
    ...(req.kinds ? { kinds: req.kinds } : {}),
    ...(unit ? { unit } : {}),
    ...(req.base ? { base: req.base } : {}),
  });
  if (!reports.ok) return reports;
  const { all, byForm } = reports.value;
  if (!all.rows.length) return fail(problem("exportEmpty", { year: session.year, term: session.term }));
  return ok({
    institution: { code: institution.code, name: institution.name },
    unit,
    selection: all.selection,
    methodology: all.methodology,
    table: publishedTable(all, byForm),
    flags: all.flags,
  });
}
