// A session report to download (sapat export session, /export): the asker's scope, the
// session asked for or the latest one, laid out as the published table — each form's units
// and total, the grand total, the published figures beside the recomputed ones where they
// differ — with every flag. The figures are the session report's; nothing is recomputed here.
import {
  type Base,
  canSeeUnit,
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
  subtreeCodes,
  type UnitKind,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { sessionPeriods } from "../../../prisma/store/session-results.ts";
import { authorize } from "../access/authorize.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";
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
  const asker = authorize(actor, undefined);
  if (!asker.ok) return asker;
  const { institution, access } = asker.value;
  const units = await listUnits(db, institution.id);
  let requested = req.unit;
  if (typeof requested === "string") {
    const code = await resolveUnit(
      db,
      institution.id,
      units.map((u) => u.code),
      requested,
      (c) => canSeeUnit(access, c),
    );
    if (!code.ok) return code;
    requested = code.value;
  }
  const allowed = authorize(actor, requested);
  if (!allowed.ok) return allowed;
  const { unit } = allowed.value;
  const subtree = unit === null ? null : subtreeCodes(units, unit);
  if (unit !== null && !subtree) return fail(problem("unknownUnit", { unit }));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const periods = await sessionPeriods(
    db,
    institution.id,
    subtree?.map((c) => idOf.get(c) as number),
  );
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
