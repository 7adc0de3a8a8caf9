// Departments for the entry tests: the demo has faculties only, and practice figures are a
// department's (кафедра) to give. Imported as a units file, the way an institution adds them.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { importFile } from "../../bot/app/imports/import-file.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { tempDir } from "../helpers.ts";

export const DEPARTMENTS_CSV = [
  "code,kind,parent,name_ky,name_ru,name_en,aliases",
  "ТФ-ТМ,department,ТФ,Тамак-аш технологиясы кафедрасы,Кафедра технологии продуктов питания,Department of Food Technology,",
  "ТФ-ЖӨ,department,ТФ,Жеңил өнөр жай кафедрасы,Кафедра лёгкой промышленности,Department of Light Industry,",
  "ЭФ-ЭС,department,ЭФ,Электр станциялары кафедрасы,Кафедра электрических станций,Department of Power Plants,",
].join("\n");

export async function addDepartments(db: PrismaClient, institutionId: number): Promise<void> {
  const tmp = tempDir("sapat-departments-");
  try {
    const file = path.join(tmp.dir, "departments.csv");
    writeFileSync(file, `${DEPARTMENTS_CSV}\n`);
    const outcome = await importFile(db, { kind: "units", file, institutionId, enteredBy: "test" });
    if (outcome.status !== "written") throw new Error(`departments were refused: ${JSON.stringify(outcome)}`);
  } finally {
    tmp.cleanup();
  }
}
