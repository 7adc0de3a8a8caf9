// The units file (data/kstu/kstu-units.csv): code, kind, parent, names in three languages,
// aliases separated by "|" or ";". A column left out keeps what is stored; an empty cell
// clears the name (or puts the unit at the top, for parent).
import { cleanName, type Outcome, UNIT_KINDS, type UnitKind } from "../../../core/index.ts";
import type { UnitRecord } from "../../../prisma/store/units.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { checkColumns, issuesOf, oneOf } from "./fields.ts";

const COLUMNS = ["code", "kind", "parent", "name_ky", "name_ru", "name_en", "aliases"] as const;
const NAMES = { name_ky: "nameKy", name_ru: "nameRu", name_en: "nameEn" } as const;

const kind = oneOf(UNIT_KINDS);

export type UnitImportRow = UnitRecord & { line: number };

/** A cleaned name, or the issue naming its line and column. */
function named(line: number, column: string, raw: string, issues: ImportIssue[]): string | null {
  const r: Outcome<string> = cleanName(raw);
  if (r.ok) return r.value || null;
  issues.push({ line, code: r.problem.code, params: { column, ...r.problem.params } });
  return null;
}

export function parseUnitsRows(table: Table): { rows: UnitImportRow[]; issues: ImportIssue[] } {
  const issues = checkColumns(table.header, table.headerLine, ["code"], (c) => (COLUMNS as readonly string[]).includes(c));
  if (issues.length) return { rows: [], issues };
  const has = (c: string) => table.header.includes(c);
  const rows: UnitImportRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of table.records) {
    const { line, values } = rec;
    const code = named(line, "code", values.code ?? "", issues);
    if (!code) {
      if (!issues.some((i) => i.line === line)) issues.push({ line, code: "required", params: { column: "code" } });
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) issues.push({ line, code: "duplicateRow", params: { first } });
    seen.set(code, line);
    const row: UnitImportRow = { line, code };
    if (values.kind) {
      const k = kind.safeParse(values.kind);
      if (k.success) row.kind = k.data as UnitKind;
      else issues.push(...issuesOf(line, k.error).map((i) => ({ ...i, params: { ...i.params, column: "kind" } })));
    }
    if (has("parent")) row.parent = values.parent ? named(line, "parent", values.parent, issues) : null;
    for (const [column, field] of Object.entries(NAMES))
      if (has(column)) row[field] = named(line, column, values[column] ?? "", issues);
    if (has("aliases")) {
      const aliases = (values.aliases ?? "").split(/[|;]/).map((a) => named(line, "aliases", a, issues));
      row.aliases = [...new Set(aliases.filter((a): a is string => Boolean(a)))];
    }
    rows.push(row);
  }
  return { rows, issues };
}
