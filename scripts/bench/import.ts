// Import benchmark: a synthetic session CSV through the real use case (importFile), against
// an anchor of the same rows inserted with raw better-sqlite3 in one transaction, the
// fastest this table can be filled. `npx tsx scripts/bench/import.ts [rows]` prints both.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { importFile } from "../../bot/app/imports/import-file.ts";
import { FORMS, STAGES, TERMS } from "../../core/index.ts";
import { openDatabase } from "../../prisma/client.ts";
import { resolveInstitution } from "../../prisma/store/institutions.ts";

const UNITS = 50;
const COURSES = 6;

export const BENCH_COLUMNS = [
  "year",
  "term",
  "stage",
  "form",
  "unit",
  "unit_kind",
  "course",
  "enrolled",
  "admitted",
  "passed_all",
  "excellent_only",
  "excellent_good",
  "mixed",
  "satisfactory_only",
  "debts_1",
  "debts_2",
  "debts_3plus",
  "debtors_reported",
  "absolute_reported",
] as const;

/** The row fields in the order of BENCH_COLUMNS (and of the anchor's INSERT). */
const FIELDS = [
  "year",
  "term",
  "stage",
  "form",
  "unit",
  "unitKind",
  "course",
  "enrolled",
  "admitted",
  "passedAll",
  "excellentOnly",
  "excellentGood",
  "mixed",
  "satisfactoryOnly",
  "debts1",
  "debts2",
  "debts3plus",
  "debtorsReported",
  "absoluteReported",
] as const satisfies readonly (keyof BenchRow)[];

export interface BenchRow {
  year: string;
  term: string;
  stage: string;
  form: string;
  unit: string;
  unitKind: string;
  course: number;
  enrolled: number;
  admitted: number;
  passedAll: number;
  excellentOnly: number;
  excellentGood: number;
  mixed: number;
  satisfactoryOnly: number;
  debts1: number;
  debts2: number;
  debts3plus: number;
  debtorsReported: number;
  absoluteReported: number;
}

/**
 * `n` rows with distinct unit × year × term × stage × form × course keys and consistent
 * counts (admitted ≤ enrolled, passed ≤ admitted), so the parser accepts all of them.
 * `bump` adds to passed_all in every row whose index it accepts: a correction of those rows.
 */
export function benchRows(n: number, bump: (i: number) => number = () => 0): BenchRow[] {
  const rows: BenchRow[] = [];
  for (let i = 0; i < n; i++) {
    let k = i;
    const unit = k % UNITS;
    k = Math.floor(k / UNITS);
    const course = (k % COURSES) + 1;
    k = Math.floor(k / COURSES);
    const form = FORMS[k % FORMS.length] as string;
    k = Math.floor(k / FORMS.length);
    const stage = STAGES[k % STAGES.length] as string;
    k = Math.floor(k / STAGES.length);
    const term = TERMS[k % TERMS.length] as string;
    const y = 1900 + Math.floor(k / TERMS.length);
    const enrolled = 40 + ((i * 7) % 60);
    const admitted = enrolled - (i % 5);
    const passedAll = Math.floor(admitted / 2) + bump(i);
    const rest = enrolled - passedAll;
    rows.push({
      year: `${y}-${y + 1}`,
      term,
      stage,
      form,
      unit: `U${String(unit).padStart(3, "0")}`,
      unitKind: unit % 10 === 0 ? "institute" : "faculty",
      course,
      enrolled,
      admitted,
      passedAll,
      excellentOnly: passedAll % 7,
      excellentGood: passedAll % 11,
      mixed: passedAll % 13,
      satisfactoryOnly: passedAll % 5,
      debts1: rest % 9,
      debts2: rest % 4,
      debts3plus: rest % 3,
      debtorsReported: rest,
      absoluteReported: Math.round((passedAll / admitted) * 1000) / 10,
    });
  }
  return rows;
}

export function benchCsv(rows: readonly BenchRow[]): string {
  const line = (r: BenchRow) => FIELDS.map((f) => r[f]).join(",");
  return `${BENCH_COLUMNS.join(",")}\n${rows.map(line).join("\n")}\n`;
}

/**
 * The anchor: prepared INSERTs of the same rows in one transaction, no versioning. With
 * `fromFile`, the clock also covers reading the CSV and parsing it (csv-parse, numbers
 * converted, no validation): the least any import of a file does.
 */
function anchorInsert(file: string, given: readonly BenchRow[], fromFile?: string): number {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL"); // as the app's connections (prisma/client.ts): like for like
    const start = performance.now();
    const rows = fromFile ? parseBenchCsv(readFileSync(fromFile, "utf8")) : given;
    db.transaction(() => {
      const inst = db.prepare("INSERT INTO Institution (code, name) VALUES ('bench', 'bench')").run().lastInsertRowid;
      const addUnit = db.prepare("INSERT INTO Unit (institutionId, code, kind) VALUES (?, ?, ?)");
      const units = new Map<string, number | bigint>();
      for (const r of rows) if (!units.has(r.unit)) units.set(r.unit, addUnit.run(inst, r.unit, r.unitKind).lastInsertRowid);
      const insert = db.prepare(
        `INSERT INTO SessionResult (institutionId, unitId, year, term, stage, form, course, version, countedInTotal,
          enrolled, admitted, passedAll, excellentOnly, excellentGood, mixed, satisfactoryOnly, debts1, debts2, debts3plus,
          debtorsReported, absoluteReported, source, enteredBy)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench.csv', 'bench')`,
      );
      // arguments spelled out, not mapped from FIELDS: the anchor stays as lean as it can be
      for (const r of rows)
        insert.run(
          inst,
          units.get(r.unit),
          r.year,
          r.term,
          r.stage,
          r.form,
          r.course,
          r.enrolled,
          r.admitted,
          r.passedAll,
          r.excellentOnly,
          r.excellentGood,
          r.mixed,
          r.satisfactoryOnly,
          r.debts1,
          r.debts2,
          r.debts3plus,
          r.debtorsReported,
          r.absoluteReported,
        );
    })();
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** The bench CSV back into rows, as plainly as it can be done. */
function parseBenchCsv(text: string): BenchRow[] {
  const [, ...records] = parse(text) as string[][];
  return records.map((c) => ({
    year: c[0] as string,
    term: c[1] as string,
    stage: c[2] as string,
    form: c[3] as string,
    unit: c[4] as string,
    unitKind: c[5] as string,
    course: Number(c[6]),
    enrolled: Number(c[7]),
    admitted: Number(c[8]),
    passedAll: Number(c[9]),
    excellentOnly: Number(c[10]),
    excellentGood: Number(c[11]),
    mixed: Number(c[12]),
    satisfactoryOnly: Number(c[13]),
    debts1: Number(c[14]),
    debts2: Number(c[15]),
    debts3plus: Number(c[16]),
    debtorsReported: Number(c[17]),
    absoluteReported: Number(c[18]),
  }));
}

export interface ImportBench {
  rows: number;
  importMs: number;
  anchorMs: number;
  ratio: number;
  /** the anchor with reading and parsing the file on the clock */
  anchorFromFileMs: number;
  ratioFromFile: number;
  /** peak resident set size of this process so far */
  rssMb: number;
}

export async function benchImport(rows = 50_000): Promise<ImportBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-bench-"));
  try {
    const data = benchRows(rows);
    const csv = path.join(dir, "bench.csv");
    writeFileSync(csv, benchCsv(data));

    // Both databases are migrated before any clock starts: only the import itself is timed.
    const db = await openDatabase(`file:${path.join(dir, "import.db")}`);
    let importMs: number;
    try {
      const institution = await resolveInstitution(db, "bench");
      const start = performance.now();
      const outcome = await importFile(db, {
        kind: "session",
        file: csv,
        institutionId: institution.id,
        enteredBy: "bench",
        createUnits: true,
      });
      importMs = performance.now() - start;
      if (outcome.status !== "written") throw new Error(`bench import not written: ${JSON.stringify(outcome).slice(0, 500)}`);
      if (outcome.tally.added !== rows) throw new Error(`bench import added ${outcome.tally.added} of ${rows} rows`);
    } finally {
      await db.$disconnect();
    }
    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);

    const anchor = async (name: string, fromFile?: string) => {
      await (await openDatabase(`file:${path.join(dir, name)}`)).$disconnect();
      return anchorInsert(path.join(dir, name), data, fromFile);
    };
    const anchorMs = await anchor("anchor.db");
    const anchorFromFileMs = await anchor("anchor-file.db", csv);

    return {
      rows,
      importMs: Math.round(importMs),
      anchorMs: Math.round(anchorMs),
      ratio: Math.round((importMs / anchorMs) * 10) / 10,
      anchorFromFileMs: Math.round(anchorFromFileMs),
      ratioFromFile: Math.round((importMs / anchorFromFileMs) * 10) / 10,
      rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(await benchImport(n));
}
