// The names users may type for units (codes, stored names, aliases), and a typed name
// turned into a unit code, or named back as not found with the closest names.
import { closestUnits, fail, findUnit, type Outcome, ok, problem, type UnitName } from "../../../core/index.ts";
import { listUnitsWithAliases, type UnitWithAliases } from "../../../prisma/store/units.ts";
import type { Db } from "../deps.ts";

function namesOf(units: readonly UnitWithAliases[]): UnitName[] {
  return units.map((u) => ({ code: u.code, names: [u.nameKy, u.nameRu, u.nameEn, ...u.aliases.map((a) => a.name)] }));
}

export async function unitNames(db: Db, institutionId: number): Promise<UnitName[]> {
  return namesOf(await listUnitsWithAliases(db, institutionId));
}

/**
 * A unit code for what was asked: the code itself, else a code, name or alias found in
 * the text. Not found is a problem naming the text back with the closest names the asker
 * may see; it never falls back to the whole institution.
 */
export async function resolveUnit(
  db: Db,
  institutionId: number,
  codes: readonly string[],
  asked: string,
  visible: (code: string) => boolean,
): Promise<Outcome<string>> {
  if (codes.includes(asked)) return ok(asked);
  const names = await unitNames(db, institutionId);
  const found = findUnit(asked, names);
  if (found) return ok(found);
  const closest = closestUnits(
    asked,
    names.filter((n) => visible(n.code)),
  );
  return fail(
    closest.length
      ? problem("unknownUnitClosest", { unit: asked, closest: closest.join(", ") })
      : problem("unknownUnit", { unit: asked }),
  );
}
