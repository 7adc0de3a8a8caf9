// Which institution a command works on.
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { InstitutionChoiceError, listUnits, resolveInstitution } from "../../../prisma/store/institutions.ts";
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
