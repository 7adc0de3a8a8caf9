// Importing the units file: every row checked against the file and the stored units
// together (parents, cycles, names that read as another unit's), then written in one
// transaction, or nothing.
import { type NamedEntry, nameClashes, parentCycles } from "../../../core/index.ts";
import type { ImportProvenance, PrismaClient, WriteTally } from "../../../prisma/store/db.ts";
import { listUnitsWithAliases, saveUnits, type UnitWithAliases } from "../../../prisma/store/units.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { parseUnitsRows, type UnitImportRow } from "./units-rows.ts";

type Where = { line: number; column: string };
type Entry = NamedEntry<Where>;

interface MergedUnit {
  code: string;
  parent: string | null;
  codeWhere?: Where;
  names: Record<"nameKy" | "nameRu" | "nameEn", Entry | null>;
  aliases: Entry[];
}

const entry = (value: string | null, where?: Where): Entry | null => (value ? { value, ...(where ? { where } : {}) } : null);

/** The units as they would be after the file: stored ones, with what the file gives laid over them. */
function merge(stored: readonly UnitWithAliases[], rows: readonly UnitImportRow[]): Map<string, MergedUnit> {
  const codeOf = new Map(stored.map((u) => [u.id, u.code]));
  const merged = new Map<string, MergedUnit>();
  for (const u of stored)
    merged.set(u.code, {
      code: u.code,
      parent: u.parentId === null ? null : (codeOf.get(u.parentId) ?? null),
      names: { nameKy: entry(u.nameKy), nameRu: entry(u.nameRu), nameEn: entry(u.nameEn) },
      aliases: u.aliases.map((a) => ({ value: a.name })),
    });
  const columns = { nameKy: "name_ky", nameRu: "name_ru", nameEn: "name_en" } as const;
  for (const r of rows) {
    const m: MergedUnit = merged.get(r.code) ?? {
      code: r.code,
      parent: null,
      names: { nameKy: null, nameRu: null, nameEn: null },
      aliases: [],
    };
    m.codeWhere = { line: r.line, column: "code" };
    if (r.parent !== undefined) m.parent = r.parent;
    for (const f of ["nameKy", "nameRu", "nameEn"] as const)
      if (r[f] !== undefined) m.names[f] = entry(r[f] ?? null, { line: r.line, column: columns[f] });
    if (r.aliases) m.aliases = r.aliases.map((value) => ({ value, where: { line: r.line, column: "aliases" } }));
    merged.set(r.code, m);
  }
  return merged;
}

export function unitIssues(stored: readonly UnitWithAliases[], rows: readonly UnitImportRow[]): ImportIssue[] {
  const merged = merge(stored, rows);
  const issues: ImportIssue[] = [];
  for (const r of rows)
    if (r.parent && !merged.has(r.parent))
      issues.push({ line: r.line, code: "unknownParent", params: { column: "parent", parent: r.parent } });
  const cycles = parentCycles(new Map([...merged.values()].map((m) => [m.code, m.parent])));
  for (const r of rows)
    if (cycles.has(r.code)) issues.push({ line: r.line, code: "parentCycle", params: { column: "parent", unit: r.code } });
  const units = [...merged.values()].map((m) => ({
    code: m.code,
    names: [
      ...(m.codeWhere ? [{ value: m.code, where: m.codeWhere }] : []),
      ...Object.values(m.names).filter((n): n is Entry => n !== null),
      ...m.aliases,
    ],
  }));
  for (const c of nameClashes(units))
    issues.push({
      line: c.where.line,
      code: "nameClash",
      params: { column: c.where.column, value: c.value, unit: c.unit, other: c.other },
    });
  return issues.sort((a, b) => a.line - b.line);
}

/** `dryRun`: the tally of what would change, nothing written (a preview in the bot). */
export async function importUnits(
  db: PrismaClient,
  institutionId: number,
  table: Table,
  batch: ImportProvenance,
  options: { dryRun?: boolean } = {},
): Promise<{ ok: true; rows: UnitImportRow[]; tally: WriteTally } | { ok: false; issues: ImportIssue[] }> {
  const { rows, issues } = parseUnitsRows(table);
  if (issues.length) return { ok: false, issues };
  const problems = unitIssues(await listUnitsWithAliases(db, institutionId), rows);
  if (problems.length) return { ok: false, issues: problems };
  return { ok: true, rows, tally: await saveUnits(db, institutionId, rows, batch, options) };
}
