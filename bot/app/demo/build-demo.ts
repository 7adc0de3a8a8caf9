// The demo database: built fresh from the real published KSTU files in data/kstu/.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Problem, problem } from "../../../core/index.ts";
import { type OpenOptions, openDatabase } from "../../../prisma/client.ts";
import { REPO_ROOT, resolveDatabaseUrl } from "../../../prisma/database-url.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import { isPostgres } from "../../../prisma/provider.ts";
import type { PrismaClient } from "../../../prisma/store/db.ts";
import { resolveInstitution } from "../../../prisma/store/institutions.ts";
import {
  type DatabaseInventory,
  DEMO_ACTOR,
  emptyPostgresTables,
  inspectDatabase,
  inspectDatabaseFile,
} from "../../../prisma/store/inventory.ts";
import { isConsoleUser } from "../access/console-user.ts";
import { importRegistryFile, type RegistryImportKind } from "../accreditation/registry-import.ts";
import { type ImportOutcome, type ImportRequest, importFile } from "../imports/import-file.ts";
import { importDemoPlan } from "./demo-plan.ts";

export const DEMO_DATA_DIR = path.join(REPO_ROOT, "data", "kstu");
export const DEMO_INSTITUTION = { code: "KSTU", name: "KSTU (demo: published 2019-2020 figures)" };

// The demo starts from an empty database: the units file first (kinds, names, aliases, so
// sentences can name "Токмок" or "Кара-Балта"), then the reports.
const FILES: Omit<ImportRequest, "institutionId" | "enteredBy">[] = [
  { kind: "units", file: "kstu-units.csv" },
  { kind: "session", file: "kstu-2019-2020-spring-session.csv", createUnits: true },
  { kind: "totals", file: "kstu-published-totals.csv" },
  // The earlier year survives only as published percentages of full-time spring sessions.
  { kind: "figures", file: "kstu-previous-year.csv", metric: "absolute", term: "spring", form: "full-time", createUnits: true },
  { kind: "figures", file: "kstu-practice-2019-2020.csv", metric: "practice", createUnits: true },
];
/** With the action plan: synthetic departments of ЭФ, so the plan has an item for every department of ЭФ. */
const PLAN_FILES: typeof FILES = [{ kind: "units", file: "../plans/demo-ef-departments.csv" }];

// The accreditation registry after the units (real facts where published, the rest marked
// synthetic in the files themselves).
export const DEMO_REGISTRY_DIR = path.join(REPO_ROOT, "data", "accreditation");
const REGISTRY_FILES: { kind: RegistryImportKind; file: string }[] = [
  { kind: "agencies", file: "agencies.csv" },
  { kind: "programmes", file: "programmes.csv" },
  { kind: "accreditations", file: "accreditations.csv" },
  { kind: "licences", file: "licences.csv" },
];

export interface DemoBuild {
  db: PrismaClient;
  institution: Institution;
  imports: ImportOutcome[];
}

const DEMO_BY = DEMO_ACTOR;

/** The database holds more than a demo (what it found, as problems): nothing was deleted. */
export class DemoRefusedError extends Error {
  constructor(readonly found: Problem[]) {
    super(`the database holds more than a demo: ${found.map((f) => f.code).join(", ")}`);
  }
}

const listed = (items: readonly string[]) => (items.length > 5 ? `${items.slice(0, 5).join(", ")}, …` : items.join(", "));

/**
 * What the file at databaseUrl holds besides a demo: people (users other than the
 * console's, invites), another institution, imports the demo did not make, or not being a
 * Sapat database at all. Empty for a missing file or a demo.
 */
export function notDemoContents(file: string): Problem[] {
  const inv = inspectDatabaseFile(file);
  if (!inv) return [problem("demoNotSqlite")];
  return notDemo(inv);
}

function notDemo(inv: DatabaseInventory): Problem[] {
  if (inv.foreignTables) return [problem("demoForeign", { tables: listed(inv.foreignTables) })];
  const found: Problem[] = [];
  const users = inv.users.filter((u) => !isConsoleUser(u));
  if (users.length)
    found.push(
      problem("demoUsers", {
        count: users.length,
        users: listed(users.map((u) => `${u.name ?? "?"} (${u.role}${u.unit ? ` ${u.unit}` : ""}, ${u.telegramId})`)),
      }),
    );
  if (inv.invites) found.push(problem("demoInvites", { count: inv.invites }));
  if (inv.entries) found.push(problem("demoEntries", { count: inv.entries }));
  const institutions = inv.institutions.filter((c) => c !== DEMO_INSTITUTION.code);
  if (institutions.length) found.push(problem("demoInstitutions", { codes: listed(institutions) }));
  const demoFiles = new Set([...FILES, ...PLAN_FILES].map((f) => path.basename(f.file)));
  const imports = inv.imports.filter((i) => i.enteredBy !== DEMO_BY || !demoFiles.has(i.fileName));
  if (imports.length)
    found.push(
      problem("demoImports", {
        count: imports.length,
        imports: listed(imports.map((i) => `${i.fileName} (${i.kind}, ${i.enteredBy})`)),
      }),
    );
  return found;
}

/** A new demo file: the old one deleted unless it holds more than a demo (and no `force`). */
async function newSqliteFile(databaseUrl: string, open: OpenOptions, force: boolean | undefined): Promise<PrismaClient> {
  const file = resolveDatabaseUrl(databaseUrl);
  if (file !== ":memory:" && existsSync(file) && !force) {
    const found = notDemoContents(file);
    if (found.length) throw new DemoRefusedError(found);
  }
  if (file !== ":memory:") for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
  return openDatabase(databaseUrl, open);
}

/** A server database is emptied instead, under the same rule. */
async function emptiedPostgres(databaseUrl: string, open: OpenOptions, force: boolean | undefined): Promise<PrismaClient> {
  const db = await openDatabase(databaseUrl, open);
  try {
    const found = force ? [] : notDemo(await inspectDatabase(db));
    if (found.length) throw new DemoRefusedError(found);
    await emptyPostgresTables(db);
    return db;
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

/**
 * Delete the file at databaseUrl, migrate a new one and import the demo files into it.
 * A file holding more than a demo is left alone (DemoRefusedError) unless `force`. `plans` adds
 * the action-plan demo (`sapat demo`; tests that count ЭФ's departments build without it).
 */
export async function buildDemo(
  databaseUrl: string,
  options: OpenOptions & { force?: boolean; plans?: boolean } = {},
): Promise<DemoBuild> {
  const { force, plans, ...open } = options;
  const db = isPostgres(databaseUrl)
    ? await emptiedPostgres(databaseUrl, open, force)
    : await newSqliteFile(databaseUrl, open, force);
  const institution = await resolveInstitution(db, DEMO_INSTITUTION.code, DEMO_INSTITUTION.name);
  const imports: ImportOutcome[] = [];
  for (const f of plans ? [...FILES, ...PLAN_FILES] : FILES) {
    const outcome = await importFile(db, {
      ...f,
      file: path.join(DEMO_DATA_DIR, f.file),
      institutionId: institution.id,
      enteredBy: DEMO_BY,
    });
    if (outcome.status !== "written") throw new Error(`demo file ${f.file} was rejected: ${JSON.stringify(outcome)}`);
    imports.push(outcome);
  }
  if (plans) await importDemoPlan(db, institution);
  for (const f of REGISTRY_FILES) {
    const outcome = await importRegistryFile(db, {
      ...f,
      file: path.join(DEMO_REGISTRY_DIR, f.file),
      institutionId: institution.id,
      enteredBy: DEMO_BY,
      at: new Date(),
    });
    if (outcome.status !== "written") throw new Error(`demo file ${f.file} was rejected: ${JSON.stringify(outcome)}`);
  }
  return { db, institution, imports };
}
