// The names users may type for units: codes and the stored names.
import type { UnitName } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Db } from "../deps.ts";

export async function unitNames(db: Db, institutionId: number): Promise<UnitName[]> {
  return (await listUnits(db, institutionId)).map((u) => ({ code: u.code, names: [u.nameKy, u.nameRu, u.nameEn] }));
}
