import { z } from "zod";
import { BASES, type Methodology, subtreeCodes, UNIT_KINDS, type UnitKind } from "../../core/index.ts";
import type { Institution, Unit } from "../generated/client.ts";
import { type Db, retryBusy } from "./db.ts";

export const DEFAULT_INSTITUTION_CODE = "main";

const methodology = z.object({ methodologyBase: z.enum(BASES), debtorsIncludeNotAdmitted: z.boolean() });

export function methodologyOf(inst: Institution): Methodology {
  const m = methodology.parse(inst);
  return { base: m.methodologyBase, debtorsIncludeNotAdmitted: m.debtorsIncludeNotAdmitted };
}

export class InstitutionChoiceError extends Error {
  constructor(readonly codes: string[]) {
    super(`several institutions (${codes.join(", ")}): choose one`);
  }
}

/**
 * The institution a command works on: the one named (created on first use), else the only
 * one stored, else a new default one. A deployment usually holds one institution.
 */
export async function resolveInstitution(db: Db, code?: string, name?: string): Promise<Institution> {
  if (code) return retryBusy(() => db.institution.upsert({ where: { code }, update: {}, create: { code, name: name ?? code } }));
  const all = await db.institution.findMany({ orderBy: { id: "asc" }, take: 2 });
  if (all.length === 1) return all[0] as Institution;
  if (all.length > 1) throw new InstitutionChoiceError((await db.institution.findMany()).map((i) => i.code));
  return retryBusy(() => db.institution.create({ data: { code: DEFAULT_INSTITUTION_CODE, name: DEFAULT_INSTITUTION_CODE } }));
}

/** Nothing stored yet: no institution, no user, no invite (a file just created, or never used). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const [institutions, users, invites] = await Promise.all([db.institution.count(), db.user.count(), db.invite.count()]);
  return institutions + users + invites === 0;
}

/** Code, name or methodology of an institution; null when the code is another institution's. */
export async function updateInstitution(
  db: Db,
  institutionId: number,
  change: { code?: string; name?: string; methodology?: Partial<Methodology> },
): Promise<Institution | null> {
  if (change.code) {
    const holder = await db.institution.findUnique({ where: { code: change.code } });
    if (holder && holder.id !== institutionId) return null;
  }
  const m = change.methodology ?? {};
  return db.institution.update({
    where: { id: institutionId },
    data: {
      ...(change.code ? { code: change.code } : {}),
      ...(change.name ? { name: change.name } : {}),
      ...(m.base ? { methodologyBase: m.base } : {}),
      ...(m.debtorsIncludeNotAdmitted !== undefined ? { debtorsIncludeNotAdmitted: m.debtorsIncludeNotAdmitted } : {}),
    },
  });
}

export async function setMethodology(db: Db, institutionId: number, m: Methodology): Promise<void> {
  await db.institution.update({
    where: { id: institutionId },
    data: { methodologyBase: m.base, debtorsIncludeNotAdmitted: m.debtorsIncludeNotAdmitted },
  });
}

export function unitKindOf(unit: Unit): UnitKind {
  return z.enum(UNIT_KINDS).parse(unit.kind);
}

/** A stored unit whose kind differs from the one a file gives. */
export interface UnitKindConflict {
  code: string;
  stored: string;
  given: string;
}

/** Units a file names that are not stored, when it may not create them. */
export class UnknownUnitsError extends Error {
  constructor(
    readonly codes: string[],
    /** every stored code, for "did you mean" */
    readonly known: string[],
  ) {
    super(`unknown units: ${codes.join(", ")}`);
  }
}

/**
 * The units a file names, by code. Unknown ones are created (`create`, with the kind of the
 * first row naming them) or listed as unknown; a different kind for a known unit is a
 * conflict, not an update. Three queries whatever the row count.
 */
export async function ensureUnits(
  db: Db,
  institutionId: number,
  wanted: readonly { code: string; kind?: UnitKind }[],
  options: { create: boolean },
): Promise<{ units: Map<string, Unit>; conflicts: UnitKindConflict[]; created: string[]; unknown: string[] }> {
  const units = new Map<string, Unit>();
  const conflicts: UnitKindConflict[] = [];
  for (const u of await db.unit.findMany({ where: { institutionId } })) units.set(u.code, u);
  const added = new Map<string, string>();
  for (const w of wanted) {
    const kind = units.get(w.code)?.kind ?? added.get(w.code);
    if (kind === undefined) added.set(w.code, w.kind ?? "faculty");
    else if (w.kind && kind !== w.kind) conflicts.push({ code: w.code, stored: kind, given: w.kind });
  }
  if (!options.create) return { units, conflicts, created: [], unknown: [...added.keys()] };
  if (added.size) {
    await db.unit.createMany({ data: [...added].map(([code, kind]) => ({ institutionId, code, kind })) });
    const created = await db.unit.findMany({ where: { institutionId, code: { in: [...added.keys()] } } });
    for (const u of created) units.set(u.code, u);
  }
  return { units, conflicts, created: [...added.keys()], unknown: [] };
}

/** ensureUnits for an import: unknown units refused (UnknownUnitsError) unless it may create them. */
export async function importUnits(
  db: Db,
  institutionId: number,
  wanted: readonly { code: string; kind?: UnitKind }[],
  create: boolean,
): Promise<{ units: Map<string, Unit>; conflicts: UnitKindConflict[]; created: string[] }> {
  const { unknown, ...found } = await ensureUnits(db, institutionId, wanted, { create });
  if (unknown.length) throw new UnknownUnitsError(unknown, [...found.units.keys()]);
  return found;
}

export async function listUnits(db: Db, institutionId: number): Promise<Unit[]> {
  return db.unit.findMany({ where: { institutionId }, orderBy: { id: "asc" } });
}

/** The codes of a unit and everything below it; null when the unit is unknown. */
export async function unitSubtree(db: Db, institutionId: number, code: string): Promise<string[] | null> {
  return subtreeCodes(await listUnits(db, institutionId), code);
}

export async function institutionById(db: Db, id: number): Promise<Institution | null> {
  return db.institution.findUnique({ where: { id } });
}
