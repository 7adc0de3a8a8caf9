// Imports at scale: the number of SQL statements an import runs must not grow with its
// rows (one statement per row made a 50 000-row file take minutes), and the bulk writer
// must keep the versioning rules: re-import adds nothing, a correction adds version 2 and
// stamps version 1, a conflict rolls the whole file back.
import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ImportRequest, importFile } from "../../bot/app/imports/import-file.ts";
import { BUSY_TIMEOUT_MS, openDatabase } from "../../prisma/client.ts";
import { connectionOf } from "../../prisma/store/connections.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { resolveInstitution } from "../../prisma/store/institutions.ts";
import { benchCsv, benchRows } from "../../scripts/bench/import.ts";
import { DATA, onPostgres, tempDatabaseUrl } from "../helpers.ts";

const ROWS = 2000;
/** Statements allowed for one import whatever its size: a handful of reads, a few chunks of writes. */
const STATEMENT_BOUND = 50;

const tmp = tempDatabaseUrl();
let db: PrismaClient;
let institutionId: number;

beforeAll(async () => {
  db = await openDatabase(tmp.url);
  institutionId = (await resolveInstitution(db, "scale")).id;
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

function csvFile(name: string, text: string): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, text);
  return file;
}

/**
 * Every SQL statement sent to the database while the spy is on: better-sqlite3 prepares
 * each one (BEGIN and COMMIT included); node-postgres sends each through Client.query.
 * A statement matching `fail` fails as a full disk would.
 */
function spyStatements(fail?: RegExp) {
  if (onPostgres) {
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if (fail?.test(textOf(args[0])))
        return Promise.reject(Object.assign(new Error("could not extend file"), { code: "53100" }));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);
    return { sql: () => spy.mock.calls.map(([q]) => textOf(q)), restore: () => spy.mockRestore() };
  }
  const prepare = Database.prototype.prepare;
  const spy = vi.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, sql: string) {
    if (fail?.test(sql)) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
    return prepare.call(this, sql);
  });
  return { sql: () => spy.mock.calls.map(([q]) => String(q)), restore: () => spy.mockRestore() };
}

function textOf(query: unknown): string {
  return typeof query === "string" ? query : String((query as { text?: unknown } | null)?.text ?? "");
}

/** The last statement of an import, after every row is in. */
const IMPORT_BATCH_UPDATE = /^UPDATE \S*ImportBatch/;

/** Runs an import and counts the SQL statements it sends. */
async function countedImport(file: string, kind: ImportRequest["kind"] = "session", extra: Partial<ImportRequest> = {}) {
  const statements = spyStatements();
  try {
    const outcome = await importFile(db, {
      kind,
      file,
      institutionId,
      enteredBy: "test",
      createUnits: true,
      confirm: true,
      ...extra,
    });
    const sql = statements.sql();
    return { outcome, statements: sql.length, sql };
  } finally {
    statements.restore();
  }
}

const okTally = (outcome: Awaited<ReturnType<typeof importFile>>) => {
  if (outcome.status !== "written") throw new Error(`import not written: ${JSON.stringify(outcome).slice(0, 500)}`);
  return outcome.tally;
};

describe(`importing ${ROWS} session rows`, () => {
  const original = benchRows(ROWS);

  it("stores every row as version 1 with a number of statements that does not grow with the rows", async () => {
    const { outcome, statements, sql } = await countedImport(csvFile("first.csv", benchCsv(original)));
    expect(okTally(outcome)).toEqual({ added: ROWS, corrected: 0, unchanged: 0, importId: expect.any(Number) });
    const inserts = sql.filter((q) => q.startsWith('INSERT INTO "SessionResult"'));
    if (onPostgres) {
      // multi-row INSERTs, as many rows each as PostgreSQL's bound-parameter limit allows
      expect(inserts.length).toBeGreaterThan(0);
      expect(inserts.length).toBeLessThanOrEqual(5);
    } else {
      // the rows go through one prepared single-row INSERT on the adapter's own connection
      expect(connectionOf(db)).toBeInstanceOf(Database);
      expect(inserts).toEqual([expect.stringMatching(/\?\)$/)]);
    }
    // one statement per row (and a read before it) came to more than 2 × ROWS
    expect(statements).toBeLessThanOrEqual(STATEMENT_BOUND);
    expect(statements).toBeGreaterThan(2); // the count does see the import (BEGIN, INSERT, COMMIT)

    expect(await db.sessionResult.count()).toBe(ROWS);
    expect(await db.unit.count({ where: { institutionId } })).toBe(50);
    const batch = await db.importBatch.findFirstOrThrow({ where: { kind: "session" }, orderBy: { id: "desc" } });
    expect(batch).toMatchObject({ rowsRead: ROWS, rowsAdded: ROWS, fileName: "first.csv", enteredBy: "test" });
    const stored = await db.sessionResult.findMany({ where: { importId: batch.id } });
    expect(stored).toHaveLength(ROWS);
    expect(stored.every((r) => r.version === 1 && r.supersededAt === null)).toBe(true);
    expect(stored.every((r) => r.enteredAt.getTime() === batch.createdAt.getTime())).toBe(true);
    // every figure stored as given, e.g. the last row
    const last = original[ROWS - 1];
    const unit = await db.unit.findFirstOrThrow({ where: { institutionId, code: last?.unit } });
    expect(unit.kind).toBe(last?.unitKind);
    const row = await db.sessionResult.findFirstOrThrow({
      where: { unitId: unit.id, year: last?.year, term: last?.term, stage: last?.stage, form: last?.form, course: last?.course },
    });
    expect(row).toMatchObject({
      enrolled: last?.enrolled,
      passedAll: last?.passedAll,
      debts3plus: last?.debts3plus,
      absoluteReported: last?.absoluteReported,
      countedInTotal: true,
      noShow: null,
      source: "first.csv",
      enteredBy: "test",
    });
  });

  it("adds nothing when the same file comes again", async () => {
    const { outcome, statements } = await countedImport(csvFile("again.csv", benchCsv(original)));
    expect(okTally(outcome)).toMatchObject({ added: 0, corrected: 0, unchanged: ROWS });
    expect(statements).toBeLessThanOrEqual(STATEMENT_BOUND);
    expect(await db.sessionResult.count()).toBe(ROWS);
    const batch = await db.importBatch.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(batch).toMatchObject({ fileName: "again.csv", rowsRead: ROWS, rowsAdded: 0 });
  });

  it("writes nothing, and says what would change, while the corrections are not confirmed", async () => {
    const before = { results: await db.sessionResult.count(), batches: await db.importBatch.count() };
    const corrected = benchRows(ROWS + 100, (i) => (i % 10 === 0 && i < ROWS ? 1 : 0));
    const { outcome, statements } = await countedImport(csvFile("unconfirmed.csv", benchCsv(corrected)), "session", {
      confirm: "not the preview's token",
    });
    expect(outcome.status).toBe("pending");
    if (outcome.status !== "pending") return;
    expect(outcome.preview.added).toHaveLength(100);
    expect(outcome.preview.changed).toHaveLength(ROWS / 10);
    expect(outcome.preview.changed[0]).toMatchObject({
      line: 2,
      version: 1,
      // the bench derives the grade bands and debts from passed_all: they change with it
      changes: expect.arrayContaining([{ column: "passed_all", from: original[0]?.passedAll, to: corrected[0]?.passedAll }]),
    });
    expect(statements).toBeLessThanOrEqual(STATEMENT_BOUND);
    expect({ results: await db.sessionResult.count(), batches: await db.importBatch.count() }).toEqual(before);
  });

  it("adds a correction as version 2, stamps version 1 superseded and keeps it", async () => {
    // every tenth row corrected, 100 rows new, the rest as before
    const corrected = benchRows(ROWS + 100, (i) => (i % 10 === 0 && i < ROWS ? 1 : 0));
    const { outcome, statements } = await countedImport(csvFile("correction.csv", benchCsv(corrected)));
    expect(okTally(outcome)).toMatchObject({ added: 100, corrected: ROWS / 10, unchanged: ROWS - ROWS / 10 });
    expect(statements).toBeLessThanOrEqual(STATEMENT_BOUND);

    const batch = await db.importBatch.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(batch.rowsAdded).toBe(100 + ROWS / 10);
    expect(await db.sessionResult.count()).toBe(ROWS + 100 + ROWS / 10);
    const fresh = await db.sessionResult.findMany({ where: { importId: batch.id } });
    expect(fresh.filter((r) => r.version === 2)).toHaveLength(ROWS / 10);
    expect(fresh.filter((r) => r.version === 1)).toHaveLength(100);
    const old = await db.sessionResult.findMany({ where: { supersededAt: { not: null } } });
    expect(old).toHaveLength(ROWS / 10);
    expect(old.every((r) => r.version === 1 && r.supersededAt?.getTime() === batch.createdAt.getTime())).toBe(true);
    // each corrected key: version 1 with the old figure, version 2 (current) with the new one
    const first = corrected[0];
    const unit = await db.unit.findFirstOrThrow({ where: { institutionId, code: first?.unit } });
    const versions = await db.sessionResult.findMany({
      where: {
        unitId: unit.id,
        year: first?.year,
        term: first?.term,
        stage: first?.stage,
        form: first?.form,
        course: first?.course,
      },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => [v.version, v.passedAll, v.supersededAt === null])).toEqual([
      [1, original[0]?.passedAll, false],
      [2, first?.passedAll, true],
    ]);
    expect(await db.sessionResult.count({ where: { supersededAt: null } })).toBe(ROWS + 100);
  });

  it("rolls the whole file back when one unit's kind contradicts the stored one", async () => {
    const before = {
      results: await db.sessionResult.count(),
      current: await db.sessionResult.count({ where: { supersededAt: null } }),
      units: await db.unit.count(),
      batches: await db.importBatch.count(),
    };
    // corrections, new rows and a new unit first, then U001 (a faculty) said to be an institute
    const rows = benchRows(ROWS + 200, (i) => (i % 7 === 0 ? 2 : 0));
    const lines = benchCsv(rows).trimEnd().split("\n");
    lines.push(lines.at(-1)?.replace(/,U\d{3},[a-z]+,/, ",U999,faculty,") ?? "");
    lines.push("2100-2101,spring,main,full-time,U001,institute,1,10,10,5,0,0,0,0,0,0,0,5,50");
    const { outcome } = await countedImport(csvFile("conflict.csv", `${lines.join("\n")}\n`));
    expect(outcome.status).toBe("rejected");
    expect(outcome.status === "rejected" && outcome.issues).toEqual([
      { line: lines.length, code: "unitKindConflict", params: { unit: "U001", stored: "faculty", given: "institute" } },
    ]);
    expect({
      results: await db.sessionResult.count(),
      current: await db.sessionResult.count({ where: { supersededAt: null } }),
      units: await db.unit.count(),
      batches: await db.importBatch.count(),
    }).toEqual(before);
  });
  it("rolls the rows back when the transaction fails after they were written", async () => {
    const before = await db.sessionResult.count();
    const rows = benchRows(ROWS + 300, (i) => (i % 3 === 0 ? 3 : 0));
    // the last statement of an import, after every row is in: fails as a full disk would
    const statements = spyStatements(IMPORT_BATCH_UPDATE);
    try {
      await expect(
        importFile(db, {
          kind: "session",
          file: csvFile("late-failure.csv", benchCsv(rows)),
          institutionId,
          enteredBy: "test",
          createUnits: true,
          confirm: true,
        }),
      ).rejects.toThrow();
      const inserts = statements.sql().filter((sql) => /^INSERT INTO \S*SessionResult/.test(sql));
      expect(inserts.length).toBeGreaterThan(0);
    } finally {
      statements.restore();
    }
    expect(await db.sessionResult.count()).toBe(before);
    expect(await db.sessionResult.count({ where: { supersededAt: null } })).toBe(ROWS + 100);
    expect(await db.importBatch.count({ where: { fileName: "late-failure.csv" } })).toBe(0);
  });
});

describe("the other imports through the same writer", () => {
  it("stores totals and figures once, and a changed figure as a new version", async () => {
    const totals = path.join(DATA, "kstu-published-totals.csv");
    expect(okTally((await countedImport(totals, "totals")).outcome)).toMatchObject({ added: 2, unchanged: 0 });
    expect(okTally((await countedImport(totals, "totals")).outcome)).toMatchObject({ added: 0, unchanged: 2 });

    const figures = (name: string, eti: string) =>
      csvFile(name, `unit,2018-2019 main,2019-2020 main\nЭТИ,${eti},45.4\nНОВ,10.0,11.0\n`);
    const metric = { metric: "absolute" as const };
    const first = await countedImport(figures("f1.csv", "42.2"), "figures", metric);
    expect(okTally(first.outcome)).toMatchObject({ added: 4, corrected: 0, unchanged: 0 });
    const again = await countedImport(figures("f2.csv", "42.2"), "figures", metric);
    expect(okTally(again.outcome)).toMatchObject({ added: 0, corrected: 0, unchanged: 4 });
    const changed = await countedImport(figures("f3.csv", "42.5"), "figures", metric);
    expect(okTally(changed.outcome)).toMatchObject({ added: 0, corrected: 1, unchanged: 3 });
    const eti = await db.publishedFigure.findMany({
      where: { unit: { code: "ЭТИ" }, year: "2018-2019", metric: "absolute" },
      orderBy: { version: "asc" },
    });
    expect(eti.map((f) => [f.version, f.value, f.supersededAt === null])).toEqual([
      [1, 42.2, false],
      [2, 42.5, true],
    ]);
    for (const run of [first, again, changed]) expect(run.statements).toBeLessThanOrEqual(STATEMENT_BOUND);
  });
});

// SQLite's WAL and busy timeout; PostgreSQL readers never wait for a writer by design
describe.skipIf(onPostgres)("an import next to the bot (another process on the same file)", () => {
  it("runs every connection in WAL mode with a busy timeout", async () => {
    expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    const [busy] = await db.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout");
    expect(Number(busy?.timeout)).toBe(BUSY_TIMEOUT_MS);
  });

  it("lets another connection read the last committed data while the import's transaction is open", async () => {
    const file = tmp.url.slice("file:".length);
    const before = await db.sessionResult.count();
    const seen: number[] = [];
    const prepare = Database.prototype.prepare;
    const spy = vi.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, sql: string) {
      // the import's last statement: its rows are written, not yet committed
      if (sql.startsWith("UPDATE `main`.`ImportBatch`") && seen.length === 0) {
        const bot = new Database(file, { timeout: 0 });
        try {
          seen.push((bot.prepare('SELECT count(*) AS n FROM "SessionResult"').get() as { n: number }).n);
        } finally {
          bot.close();
        }
      }
      return prepare.call(this, sql);
    });
    try {
      const rows = benchRows(ROWS + 400);
      const outcome = await importFile(db, {
        kind: "session",
        file: csvFile("read-while.csv", benchCsv(rows)),
        institutionId,
        enteredBy: "test",
        createUnits: true,
        confirm: true,
      });
      // 300 new rows; the rows corrected earlier go back to their first figures
      expect(okTally(outcome)).toMatchObject({ added: 300, corrected: ROWS / 10 });
    } finally {
      spy.mockRestore();
    }
    // read at once (busy timeout 0), and saw the data as it was before the import
    expect(seen).toEqual([before]);
    expect(await db.sessionResult.count()).toBe(before + 300 + ROWS / 10);
  });
});
