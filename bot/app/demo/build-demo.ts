// The demo database: built fresh from the real published KSTU files in data/kstu/.
import { rm } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "../../../prisma/client.ts";
import { REPO_ROOT, resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import type { PrismaClient } from "../../../prisma/store/db.ts";
import { resolveInstitution } from "../../../prisma/store/institutions.ts";
import { type ImportOutcome, type ImportRequest, importFile } from "../imports/import-file.ts";

export const DEMO_DATABASE_URL = "file:./data/demo.db";
export const DEMO_DATA_DIR = path.join(REPO_ROOT, "data", "kstu");
export const DEMO_INSTITUTION = { code: "KSTU", name: "KSTU (demo: published 2019-2020 figures)" };

// The demo starts from an empty database: its files bring their units.
const FILES: Omit<ImportRequest, "institutionId" | "enteredBy">[] = [
  { kind: "session", file: "kstu-2019-2020-spring-session.csv", createUnits: true },
  { kind: "totals", file: "kstu-published-totals.csv" },
  // The earlier year survives only as published percentages of full-time spring sessions.
  { kind: "figures", file: "kstu-previous-year.csv", metric: "absolute", term: "spring", form: "full-time", createUnits: true },
  { kind: "figures", file: "kstu-practice-2019-2020.csv", metric: "practice", createUnits: true },
];

export interface DemoBuild {
  db: PrismaClient;
  institution: Institution;
  imports: ImportOutcome[];
}

/** Delete the file at databaseUrl, migrate a new one and import the demo files into it. */
export async function buildDemo(databaseUrl = DEMO_DATABASE_URL): Promise<DemoBuild> {
  const file = resolveDatabaseUrl(databaseUrl);
  if (file !== ":memory:") for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
  const db = await openDatabase(databaseUrl);
  const institution = await resolveInstitution(db, DEMO_INSTITUTION.code, DEMO_INSTITUTION.name);
  const imports: ImportOutcome[] = [];
  for (const f of FILES) {
    const outcome = await importFile(db, {
      ...f,
      file: path.join(DEMO_DATA_DIR, f.file),
      institutionId: institution.id,
      enteredBy: "sapat demo",
    });
    if (outcome.status !== "written") throw new Error(`demo file ${f.file} was rejected: ${JSON.stringify(outcome)}`);
    imports.push(outcome);
  }
  return { db, institution, imports };
}
