// Published percentages with no counts behind them: a `unit` column, then one column per
// year or "year stage" (data/kstu/kstu-previous-year.csv, kstu-practice-2019-2020.csv).
// A row labelled as the total line (Жалпы, Итого, Total) is the institution's printed total.
import { isTotalLabel, STAGES, type Stage } from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { enoughIssues, issuesOf, percentage } from "./fields.ts";

/** A figures column: a year, or a year and a stage ("2019-2020 main"). */
export const FIGURE_COLUMN = /^(\d{4})-(\d{4})(?:\s+(\S+))?$/;

export interface FigureImportRow {
  line: number;
  /** null: the institution's total line */
  unit: string | null;
  /** the unit cell as the file gives it */
  label: string;
  year: string;
  stage: Stage | "";
  value: number;
}

export function parseFiguresRows(table: Table): { rows: FigureImportRow[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  if (table.header[0] !== "unit") issues.push({ line: table.headerLine, code: "missingColumn", params: { column: "unit" } });
  const columns: { name: string; year: string; stage: Stage | "" }[] = [];
  for (const name of table.header.slice(1)) {
    const m = FIGURE_COLUMN.exec(name);
    const stage = m?.[3] ?? "";
    if (!m || Number(m[2]) !== Number(m[1]) + 1 || (stage && !(STAGES as readonly string[]).includes(stage)))
      issues.push({ line: table.headerLine, code: "badFigureColumn", params: { column: name } });
    else columns.push({ name, year: `${m[1]}-${m[2]}`, stage: stage as Stage | "" });
  }
  if (issues.length) return { rows: [], issues };
  const rows: FigureImportRow[] = [];
  const seen = new Set<string>();
  for (const rec of table.records) {
    if (enoughIssues(issues)) break;
    const unit = rec.values.unit ?? "";
    if (!unit) issues.push({ line: rec.line, code: "required", params: { column: "unit" } });
    if (seen.has(unit)) issues.push({ line: rec.line, code: "duplicateRow", params: { first: unit } });
    seen.add(unit);
    for (const c of columns) {
      const p = percentage.safeParse(rec.values[c.name] ?? "");
      if (!p.success) issues.push(...issuesOf(rec.line, p.error).map((i) => ({ ...i, params: { ...i.params, column: c.name } })));
      else if (p.data !== null)
        rows.push({
          line: rec.line,
          unit: isTotalLabel(unit) ? null : unit,
          label: unit,
          year: c.year,
          stage: c.stage,
          value: p.data,
        });
    }
  }
  return { rows, issues };
}
