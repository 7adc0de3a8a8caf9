// A practice report to download (sapat export practice, /export practice): the report's
// rows and total, with every stored figure (unit × kind) of the year under the row it rolls
// into, so the workbook reads back as a practice import.
import { type Outcome, ok, type PracticeCountFigure, type PracticeReport, rowUnitOf, subtreeCodes } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { loadPractice } from "../../../prisma/store/practice.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { type PracticeReportRequest, reportPractice } from "./practice-report.ts";

export interface PracticeExport {
  institution: { code: string; name: string };
  report: PracticeReport;
  /** each report row's stored figures of the year, by the row's unit (the total line's have none) */
  figures: Map<string, PracticeCountFigure[]>;
}

export async function exportPractice(deps: AppDeps, actor: Actor, req: PracticeReportRequest): Promise<Outcome<PracticeExport>> {
  const r = await reportPractice(deps, actor, req);
  if (!r.ok) return r;
  const { unitId: _, ...report } = r.value;
  const institution = actor.institution as NonNullable<Actor["institution"]>;
  const units = await listUnits(deps.db, institution.id);
  const scope = report.unit === null ? null : subtreeCodes(units, report.unit);
  const ids = scope ? units.filter((u) => scope.includes(u.code)).map((u) => u.id) : undefined;
  const stored = await loadPractice(deps.db, institution.id, { years: [report.year], ...(ids ? { unitIds: ids } : {}) });
  const rowUnits = report.rows.map((row) => row.unit);
  const figures = new Map<string, PracticeCountFigure[]>();
  for (const f of stored) {
    const row = rowUnitOf(units, rowUnits, f.unit);
    if (row === null) continue;
    figures.set(row, [...(figures.get(row) ?? []), f]);
  }
  return ok({ institution: { code: institution.code, name: institution.name }, report, figures });
}
