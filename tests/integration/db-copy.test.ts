// `sapat db copy`: every row of every model, exactly, into a new database of either kind; the
// reports read the same on both; ids continue after the copied ones. The PostgreSQL cases
// run when SAPAT_TEST_POSTGRES names a server (CI), and are skipped only when it does not.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { runCli } from "../../bot/cli/main.ts";
import { translator } from "../../bot/present/i18n.ts";
import { resolveDatabaseUrl } from "../../prisma/database-url.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import { modelsInCopyOrder } from "../../prisma/models.ts";
import { tempDir, testDatabaseUrl, withPrisma } from "../helpers.ts";
import { seedEveryModel } from "../support/every-model.ts";

const SERVER = process.env.SAPAT_TEST_POSTGRES || undefined;

async function sapat(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--lang", "en", ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const copy = (from: string, to: string, ...more: string[]) => sapat("db", "copy", "--from", from, "--to", to, ...more);

/** Every row of every model, in key order; bytes as hex so both drivers' arrays compare. */
async function everyRow(url: string): Promise<Record<string, unknown[]>> {
  return withPrisma(url, async (db) => {
    const all: Record<string, unknown[]> = {};
    for (const m of modelsInCopyOrder()) {
      const model = (db as unknown as Record<string, { findMany(a: object): Promise<Record<string, unknown>[]> }>)[
        m.name.charAt(0).toLowerCase() + m.name.slice(1)
      ];
      const rows = await model?.findMany({ orderBy: m.key.map((k) => ({ [k]: "asc" })) });
      all[m.name] = (rows ?? []).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v])),
      );
    }
    return all;
  });
}

/** What users read: the session report, practice, the accreditation registry, the plans, the survey. */
async function reports(url: string): Promise<string[]> {
  const lines = [
    ["report", "session", "--year", "2019-2020", "--term", "spring", "--stage", "after-retakes", "--json"],
    ["report", "practice", "--year", "2019-2020", "--json"],
    ["accreditation", "expiring", "--within", "12m", "--on", "2026-11-23", "--all", "--json"],
    ["licences", "report", "--year", "2023-2024"],
    ["plan", "list", "--json"],
    ["survey", "list"],
    ["survey", "status", "1", "--json"],
  ];
  const out: string[] = [];
  for (const argv of lines) {
    const r = await sapat("--db", url, ...argv);
    expect(r.code, `${argv.join(" ")}\n${r.err}`).toBe(0);
    out.push(r.out);
  }
  return out;
}

describe("sapat db copy", () => {
  const t = tempDir();
  const source = `file:${t.dir}/source.db`;
  beforeAll(async () => {
    const { db, institution } = await buildDemo(source, { plans: true });
    try {
      await seedEveryModel(db, institution.id);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);
  afterAll(() => t.cleanup());

  it("has a source holding rows of every model Prisma knows (a new model needs a row in tests/support/every-model.ts)", async () => {
    const rows = await everyRow(source);
    expect(Object.keys(rows).sort()).toEqual(Object.values(Prisma.ModelName).sort());
    for (const [model, list] of Object.entries(rows)) expect(list.length, model).toBeGreaterThan(0);
  });

  it("orders every model after the models it holds foreign keys to, as the database's own constraints say", () => {
    const order = modelsInCopyOrder().map((m) => m.name);
    const raw = new Database(resolveDatabaseUrl(source), { readonly: true });
    try {
      for (const model of order) {
        const keys = raw.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(model) as { table: string }[];
        for (const { table } of keys)
          if (table !== model) expect(order.indexOf(table), `${model} → ${table}`).toBeLessThan(order.indexOf(model));
      }
    } finally {
      raw.close();
    }
  });

  it("copies every row of every model exactly into a new SQLite file; new rows continue the ids", async () => {
    const target = `file:${t.dir}/copy.db`;
    // into the database of --db / DATABASE_URL when --to is not given (no password typed)
    const r = await sapat("--db", target, "db", "copy", "--from", source);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/SurveyResponse\s+1\n/);
    expect(r.out).toContain("every table's count the same on both");
    expect(await everyRow(target)).toEqual(await everyRow(source));
    const max = await withPrisma(source, (db) => db.unit.aggregate({ _max: { id: true } }));
    const made = await withPrisma(target, (db) => db.unit.create({ data: { institutionId: 1, code: "NEW" } }));
    expect(made.id).toBe((max._max.id ?? 0) + 1);
  });

  it.runIf(SERVER)(
    "SQLite → PostgreSQL: the same rows and reports, ids continue; and back into SQLite unchanged",
    async () => {
      const pg = testDatabaseUrl(t.dir);
      const r = await copy(source, pg, "--json");
      expect(r.code, r.err).toBe(0);
      const summary = JSON.parse(r.out) as { tables: { table: string; source: number; target: number }[] };
      expect(summary.tables.map((x) => x.table).sort()).toEqual(Object.values(Prisma.ModelName).sort());
      expect(await everyRow(pg)).toEqual(await everyRow(source));
      expect(await reports(pg)).toEqual(await reports(source));
      for (const m of modelsInCopyOrder().filter((m) => m.serialId)) {
        const next = await withPrisma(pg, (db) =>
          db.$queryRawUnsafe<{ last: bigint; max: number }[]>(
            `SELECT (SELECT last_value FROM ${`"${m.name}_id_seq"`}) AS last, (SELECT MAX(id) FROM "${m.name}") AS max`,
          ),
        );
        expect(Number(next[0]?.last), m.name).toBe(next[0]?.max);
      }
      const max = await withPrisma(source, (db) => db.surveyResponse.aggregate({ _max: { id: true } }));
      const made = await withPrisma(pg, (db) =>
        db.surveyResponse.create({ data: { surveyId: 1, dedupeKey: "after", answers: "{}", importBatch: "b2", line: 3 } }),
      );
      expect(made.id).toBe((max._max.id ?? 0) + 1);

      const back = `file:${t.dir}/back.db`;
      expect((await copy(pg, back)).code).toBe(0);
      const rows = await everyRow(back);
      rows.SurveyResponse = rows.SurveyResponse?.filter((x) => (x as { dedupeKey: string }).dedupeKey !== "after") ?? [];
      expect(rows).toEqual(await everyRow(source));
    },
    120_000,
  );

  it("reads a SQLite source from a snapshot: a backup file keeps its bytes and gets no -wal beside it", async () => {
    const backup = `${t.dir}/kept.bak`;
    expect((await sapat("--db", source, "backup", backup)).code).toBe(0);
    const bytes = readFileSync(backup);
    const r = await copy(`file:${backup}`, `file:${t.dir}/from-backup.db`);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(backup).equals(bytes)).toBe(true);
    expect(readdirSync(t.dir).filter((f) => f.startsWith("kept.bak"))).toEqual(["kept.bak"]);
    expect(await everyRow(`file:${t.dir}/from-backup.db`)).toEqual(await everyRow(source));
    // a file that is no Sapat database is refused before anything is opened
    writeFileSync(`${t.dir}/notes.txt`, "not a database");
    const refused = await copy(`file:${t.dir}/notes.txt`, `file:${t.dir}/from-notes.db`);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe((await translator("en"))("problems.notSapatDatabase", { db: `${t.dir}/notes.txt` }));
    expect(existsSync(`${t.dir}/from-notes.db`)).toBe(false);
  });

  it("refuses a target that holds data, the same database twice and a missing source; nothing is written", async () => {
    const en = await translator("en");
    const full = `file:${t.dir}/full.db`;
    expect((await copy(source, full)).code).toBe(0);
    const before = await everyRow(full);
    const again = await copy(source, full);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${full} is not empty (Institution 1, Unit 19,`);
    expect(await everyRow(full)).toEqual(before);

    const same = await copy(source, `file:${resolveDatabaseUrl(source)}`);
    expect(same.code).toBe(1);
    expect(same.err).toBe(en("problems.copySameDatabase", { db: source }));

    const missing = await copy(`file:${t.dir}/nowhere.db`, `file:${t.dir}/new.db`);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(en("problems.sourceMissing", { file: `${t.dir}/nowhere.db` }));

    const bad = await copy("mysql://x", `file:${t.dir}/new.db`);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--from");

    // a typo in the scheme: the URL is named back without its password
    const typo = await copy(source, "postgress://sapat:s3cret-pw@db.example/sapat");
    expect(typo.code).toBe(1);
    expect(typo.err).toBe("invalid “--to”: “postgress://sapat:***@db.example/sapat” — file:… | postgres://…");
  });
});
