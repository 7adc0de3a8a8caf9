// Which institution a command works on, and its name and methodology.
import { cleanName, fail, type Methodology, type Outcome, ok, problem } from "../../../core/index.ts";
import {
  InstitutionChoiceError,
  listUnits,
  methodologyOf,
  resolveInstitution,
  updateInstitution,
} from "../../../prisma/store/institutions.ts";
import type { Db, Institution } from "../deps.ts";

/** The one named (created on first use), else the only one stored, else a new default one. */
export async function chooseInstitution(db: Db, code?: string): Promise<Outcome<Institution>> {
  try {
    return ok(await resolveInstitution(db, code));
  } catch (e) {
    if (e instanceof InstitutionChoiceError) return fail(problem("institutionChoice", { codes: e.codes.join(", ") }));
    throw e;
  }
}

/** A unit by code, any letter case; the problem lists the codes there are. */
export async function findUnit(db: Db, institutionId: number, code: string): Promise<Outcome<{ id: number; code: string }>> {
  const units = await listUnits(db, institutionId);
  const wanted = code.toLocaleLowerCase();
  const unit = units.find((u) => u.code.toLocaleLowerCase() === wanted);
  return unit
    ? ok({ id: unit.id, code: unit.code })
    : fail(problem("unknownUnitOf", { unit: code, units: units.map((u) => u.code).join(", ") || "—" }));
}

export interface InstitutionChange {
  code?: string;
  name?: string;
  methodology?: Partial<Methodology>;
}

/** Names an institution and sets its methodology; code and name are cleaned like unit names. */
export async function changeInstitution(
  db: Db,
  institution: Institution,
  change: InstitutionChange,
): Promise<Outcome<Institution>> {
  const cleaned: InstitutionChange = { ...(change.methodology ? { methodology: change.methodology } : {}) };
  for (const field of ["code", "name"] as const) {
    const raw = change[field];
    if (raw === undefined) continue;
    const c = cleanName(raw);
    if (!c.ok) return fail(problem(c.problem.code, { column: field, ...c.problem.params }));
    if (!c.value) return fail(problem("required", { column: field }));
    cleaned[field] = c.value;
  }
  const updated = await updateInstitution(db, institution.id, cleaned);
  return updated ? ok(updated) : fail(problem("institutionCodeTaken", { code: cleaned.code ?? "" }));
}

/** An institution's methodology, validated, for the triggers to state. */
export function institutionMethodology(institution: Institution): Methodology {
  return methodologyOf(institution);
}
