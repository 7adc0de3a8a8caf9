// The demo database: built fresh from the real published KSTU files in data/kstu/.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type OpenOptions, openDatabase } from "../../../prisma/client.ts";
import { REPO_ROOT, resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import type { PrismaClient } from "../../../prisma/store/db.ts";
import { isEmptyDatabase, resolveInstitution } from "../../../prisma/store/institutions.ts";
import { getSetting, putSetting } from "../../../prisma/store/users.ts";
import { type ImportOutcome, type ImportRequest, importFile } from "../imports/import-file.ts";

export const DEMO_DATA_DIR = path.join(REPO_ROOT, "data", "kstu");
export const DEMO_INSTITUTION = { code: "KSTU", name: "KSTU (demo: published 2019-2020 figures)" };
/** Set in a database the demo built: only such a database (or an empty one) is rebuilt. */
const DEMO_MARK = "demo.builtAt";

const FILES: Omit<ImportRequest, "institutionId" | "enteredBy">[] = [
  // first: the units' kinds, names and aliases, so sentences can name "Токмок" or "Кара-Балта"
  { kind: "units", file: "kstu-units.csv" },
  { kind: "session", file: "kstu-2019-2020-spring-session.csv" },
  { kind: "totals", file: "kstu-published-totals.csv" },
  // The earlier year survives only as published percentages of full-time spring sessions.
  { kind: "figures", file: "kstu-previous-year.csv", metric: "absolute", term: "spring", form: "full-time" },
  { kind: "figures", file: "kstu-practice-2019-2020.csv", metric: "practice" },
];

export interface DemoBuild {
  db: PrismaClient;
  institution: Institution;
  imports: ImportOutcome[];
}

/**
 * What is at a database URL, for the demo: nothing yet, an empty database, one the demo
 * built (both may be rebuilt), or data entered otherwise (never overwritten).
 */
export async function demoTarget(databaseUrl: string, options: OpenOptions = {}): Promise<"new" | "demo" | "data"> {
  const file = resolveDatabaseUrl(databaseUrl);
  if (file === ":memory:" || !existsSync(file)) return "new";
  const db = await openDatabase(databaseUrl, options);
  try {
    if (await getSetting(db, DEMO_MARK)) return "demo";
    return (await isEmptyDatabase(db)) ? "new" : "data";
  } finally {
    await db.$disconnect();
  }
}

/** Delete the file at databaseUrl, migrate a new one and import the demo files into it. */
export async function buildDemo(databaseUrl: string, options: OpenOptions = {}): Promise<DemoBuild> {
  const file = resolveDatabaseUrl(databaseUrl);
  if (file !== ":memory:") for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
  const db = await openDatabase(databaseUrl, options);
  const institution = await resolveInstitution(db, DEMO_INSTITUTION.code, DEMO_INSTITUTION.name);
  const imports: ImportOutcome[] = [];
  for (const f of FILES) {
    const outcome = await importFile(db, {
      ...f,
      file: path.join(DEMO_DATA_DIR, f.file),
      institutionId: institution.id,
      enteredBy: "sapat demo",
    });
    if (!outcome.ok) throw new Error(`demo file ${f.file} was rejected: ${JSON.stringify(outcome.issues)}`);
    imports.push(outcome);
  }
  await putSetting(db, DEMO_MARK, new Date().toISOString());
  return { db, institution, imports };
}
