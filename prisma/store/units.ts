// The unit tree as a units file gives it: codes, kinds, parents, names and aliases.
// Structure, not figures: a unit is updated in place (its figures keep their versions).
import type { UnitKind } from "../../core/index.ts";
import type { Unit, UnitAlias } from "../generated/client.ts";
import { type Db, type ImportProvenance, inImportBatch, type PrismaClient, type WriteTally } from "./db.ts";

export type UnitWithAliases = Unit & { aliases: UnitAlias[] };

/** Every unit of an institution with its aliases, in the order they were created. */
export async function listUnitsWithAliases(db: Db, institutionId: number): Promise<UnitWithAliases[]> {
  return db.unit.findMany({
    where: { institutionId },
    include: { aliases: { orderBy: { id: "asc" } } },
    orderBy: { id: "asc" },
  });
}

/** One row of a units file; a field left undefined keeps what is stored (the file has no such column). */
export interface UnitRecord {
  code: string;
  kind?: UnitKind;
  /** a parent's code; null = top level */
  parent?: string | null;
  nameKy?: string | null;
  nameRu?: string | null;
  nameEn?: string | null;
  aliases?: readonly string[];
}

const NAME_FIELDS = ["nameKy", "nameRu", "nameEn"] as const;

/** Thrown inside a dry run's transaction, so it rolls back; carries what it would have written. */
class DryRun extends Error {
  constructor(readonly tally: WriteTally) {
    super("dry run");
  }
}

/**
 * Creates the units a file adds and updates those it changes, parents by code, aliases
 * replaced as a set, in one transaction (the caller has checked parents and names).
 * `dryRun`: everything is done inside the transaction, then rolled back; the tally says what
 * would change.
 */
export async function saveUnits(
  db: PrismaClient,
  institutionId: number,
  rows: readonly UnitRecord[],
  meta: ImportProvenance,
  options: { dryRun?: boolean } = {},
): Promise<WriteTally> {
  try {
    return await writeUnits(db, institutionId, rows, meta, options.dryRun ?? false);
  } catch (e) {
    if (e instanceof DryRun) return e.tally;
    throw e;
  }
}

function writeUnits(
  db: PrismaClient,
  institutionId: number,
  rows: readonly UnitRecord[],
  meta: ImportProvenance,
  dryRun: boolean,
): Promise<WriteTally & { importId: number }> {
  return inImportBatch(db, { institutionId, kind: "units", rowsRead: rows.length, meta }, async ({ tx }) => {
    const before = new Map((await listUnitsWithAliases(tx, institutionId)).map((u) => [u.code, u]));
    const fresh = rows.filter((r) => !before.has(r.code));
    if (fresh.length)
      await tx.unit.createMany({ data: fresh.map((r) => ({ institutionId, code: r.code, kind: r.kind ?? "faculty" })) });
    const units = new Map((await tx.unit.findMany({ where: { institutionId } })).map((u) => [u.code, u]));
    const tally: WriteTally = { added: fresh.length, corrected: 0, unchanged: 0 };
    for (const r of rows) {
      const unit = units.get(r.code) as Unit;
      const data: Partial<Pick<Unit, "kind" | "parentId" | (typeof NAME_FIELDS)[number]>> = {};
      if (r.kind !== undefined && r.kind !== unit.kind) data.kind = r.kind;
      if (r.parent !== undefined) {
        const parentId = r.parent === null ? null : (units.get(r.parent) as Unit).id;
        if (parentId !== unit.parentId) data.parentId = parentId;
      }
      for (const f of NAME_FIELDS) if (r[f] !== undefined && r[f] !== unit[f]) data[f] = r[f];
      const stored = before.get(r.code)?.aliases.map((a) => a.name) ?? [];
      const aliasesChange = r.aliases !== undefined && r.aliases.join("\n") !== stored.join("\n");
      if (Object.keys(data).length) await tx.unit.update({ where: { id: unit.id }, data });
      if (aliasesChange) {
        await tx.unitAlias.deleteMany({ where: { unitId: unit.id } });
        await tx.unitAlias.createMany({ data: (r.aliases ?? []).map((name) => ({ unitId: unit.id, name })) });
      }
      if (before.has(r.code)) tally[Object.keys(data).length || aliasesChange ? "corrected" : "unchanged"]++;
    }
    if (dryRun) throw new DryRun(tally);
    return tally;
  });
}
