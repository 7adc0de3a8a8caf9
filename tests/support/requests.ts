// A faculty with departments and people for data-request tests: ЭФ gets departments ЭФ-1 …
// ЭФ-n, each with a head but the last; deans of ЭФ and ТФ; an admin. Figures are "submitted"
// through the practice store, as the entry dialogue would.
import { PRACTICE_KINDS, type PracticeKind, parseLocalDateTime } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { savePracticeEntry } from "../../prisma/store/practice.ts";

export const bishkek = (local: string) => parseLocalDateTime(local, "Asia/Bishkek") as Date;

export const ADMIN = "7300000001";
export const DEAN_EF = "7300000002";
export const DEAN_TF = "7300000003";
/** head of ЭФ-i (1-based) */
export const head = (i: number) => String(7_300_001_000 + i);

export interface Faculty {
  departments: string[];
  unitIds: Map<string, number>;
}

/** ЭФ's departments ЭФ-1 … ЭФ-n; heads for all but the last; the deans and an admin. */
export async function facultyWithDepartments(db: PrismaClient, institution: Institution, n: number): Promise<Faculty> {
  const units = await db.unit.findMany({ where: { institutionId: institution.id } });
  const ef = units.find((u) => u.code === "ЭФ");
  const tf = units.find((u) => u.code === "ТФ");
  if (!ef || !tf) throw new Error("the demo has no ЭФ or ТФ");
  const departments = Array.from({ length: n }, (_, i) => `ЭФ-${i + 1}`);
  await db.unit.createMany({
    data: departments.map((code) => ({ institutionId: institution.id, code, kind: "department", parentId: ef.id })),
  });
  const unitIds = new Map(
    (await db.unit.findMany({ where: { institutionId: institution.id } })).map((u) => [u.code, u.id] as const),
  );
  await db.user.createMany({
    data: [
      { telegramId: ADMIN, role: "admin", scopeUnitId: null, firstName: "Сапат" },
      { telegramId: DEAN_EF, role: "dean", scopeUnitId: ef.id, firstName: "Декан ЭФ" },
      { telegramId: DEAN_TF, role: "dean", scopeUnitId: tf.id, firstName: "Декан ТФ" },
      ...departments.slice(0, -1).map((code, i) => ({
        telegramId: head(i + 1),
        role: "head",
        scopeUnitId: unitIds.get(code) as number,
        firstName: `Башчы ${i + 1}`,
        language: ["ky", "ru", "en"][i % 3] as string,
      })),
    ].map((u) => ({ ...u, institutionId: institution.id })),
  });
  return { departments, unitIds };
}

/** A department's figures of these kinds for the year, as a head would enter them. */
export async function submitPractice(
  db: PrismaClient,
  institution: Institution,
  f: Faculty,
  unit: string,
  year: string,
  at: Date,
  kinds: readonly PracticeKind[] = PRACTICE_KINDS,
): Promise<void> {
  for (const kind of kinds)
    await savePracticeEntry(
      db,
      institution.id,
      { unit, unitId: f.unitIds.get(unit) as number, year, kind, assigned: 50, completed: 45, asOf: "2026-09-20" },
      { source: "chat", enteredBy: "test", at, action: "practice.submit" },
    );
}
