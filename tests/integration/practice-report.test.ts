// `sapat report practice`: the demo's published rates and printed total kept as published,
// entered counts summed up the unit tree (departments into their faculty), never averaged.
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePracticeEntry } from "../../prisma/store/practice.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();

beforeAll(async () => {
  expect((await cli(db.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
  const practice = await cli(db.url, "import", "figures", `${DATA}/kstu-practice-2019-2020.csv`, "--metric", "practice");
  expect(practice.code).toBe(0);
});
afterAll(() => db.cleanup());

const json = async (...argv: string[]) => {
  const r = await cli(db.url, "report", "practice", "--json", ...argv);
  expect(r.err).toBe("");
  return JSON.parse(r.out);
};

describe("sapat report practice", () => {
  it("shows ТФ 96,0 (95,2) and the institution's printed 90 (89) as published, saying it is a mean of rates", async () => {
    const r = await json();
    expect(r.year).toBe("2019-2020");
    expect(r.rows).toContainEqual({
      unit: "ТФ",
      assigned: null,
      completed: null,
      rate: 96,
      previousRate: 95.2,
      changePp: 0.8,
      source: "published",
    });
    expect(r.rows).toHaveLength(9);
    expect(r.total).toEqual({
      unit: expect.any(String),
      assigned: null,
      completed: null,
      rate: 90,
      previousRate: 89,
      changePp: 1,
      source: "published",
    });
    expect(r.flags.map((f: { code: string }) => f.code)).toEqual(["practiceTotalIsMean"]);
    const text = await cli(db.url, "report", "practice", "--lang", "en");
    expect(text.out).toMatch(/ТФ\s+—\s+—\s+96\.0%\s+95\.2%\s+\+0\.8\s+as published/);
    expect(text.out).toContain("is the plain mean of the units' rates (90.1%)");
  });

  it("sums departments' counts into their faculty and the faculty against its published last year", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inst = await prisma.institution.findFirstOrThrow();
      const tf = await prisma.unit.findFirstOrThrow({ where: { code: "ТФ" } });
      const at = new Date();
      for (const [code, kind, assigned, completed] of [
        ["ТФ-ТМ", "production", 50, 45],
        ["ТФ-ТМ", "pre-diploma", 20, 20],
        ["ТФ-ПП", "production", 30, 24],
      ] as const) {
        const unit = await prisma.unit.upsert({
          where: { institutionId_code: { institutionId: inst.id, code } },
          update: {},
          create: { institutionId: inst.id, code, kind: "department", parentId: tf.id },
        });
        await savePracticeEntry(
          prisma,
          inst.id,
          { unit: code, unitId: unit.id, year: "2020-2021", kind, assigned, completed, asOf: "2021-09-20" },
          { source: "cli", enteredBy: "test", at, action: "practice.submit" },
        );
      }
    });
    const unit = await json("--unit", "ТФ", "--year", "2020-2021");
    expect(unit.rows).toEqual([
      { unit: "ТФ-ТМ", assigned: 70, completed: 65, rate: 92.9, previousRate: null, changePp: null, source: "entered" },
      { unit: "ТФ-ПП", assigned: 30, completed: 24, rate: 80, previousRate: null, changePp: null, source: "entered" },
    ]);
    // 89 / 100, not the mean of 92.9 and 80; against ТФ's published 96.0
    expect(unit.total).toEqual({
      unit: "ТФ",
      assigned: 100,
      completed: 89,
      rate: 89,
      previousRate: 96,
      changePp: -7,
      source: "entered",
    });
    const production = await json("--unit", "ТФ", "--year", "2020-2021", "--kind", "өндүрүштүк");
    expect(production.total).toMatchObject({ assigned: 80, completed: 69, rate: 86.3 });
    // the institution: ТФ has counts, the others nothing for 2020-2021 and no printed total
    const all = await json("--year", "2020-2021");
    expect(all.total.rate).toBe(89);
    expect(all.flags[0]).toMatchObject({ code: "practiceMissing", params: { count: 8 } });
  });

  it("refuses a year that is not one and a kind it does not know", async () => {
    expect((await cli(db.url, "report", "practice", "--year", "2020-2022")).code).toBe(1);
    const kind = await cli(db.url, "report", "practice", "--kind", "sports", "--lang", "en");
    expect(kind.code).toBe(1);
    expect(kind.err).toContain("sports");
    const none = await cli(db.url, "report", "practice", "--year", "2030-2031", "--lang", "en");
    expect(none.err).toContain("No practice figures for 2030-2031");
  });
});

describe("sapat import practice", () => {
  it("takes kinds in three languages and Excel's semicolons, refuses what cannot be, whole or not at all", async () => {
    const dir = db.dir;
    const file = `${dir}/practice.csv`;
    writeFileSync(
      file,
      "unit;year;kind;assigned;completed;as_of\nЭФ;2021-2022;өндүрүштүк;40;41;\nЭФ;2021-2022;sports;40;30;\nЭФ;2021-2022;production;x;1;2022-13-01\n",
    );
    writeFileSync(file, "unit,year,kind,assigned,completed\nЭФ,2030-2031,production,50,45\n");
    const future = await cli(db.url, "import", "practice", file, "--lang", "en");
    expect(future.err).toContain("2030-2031 has not started yet");
    const request = await cli(
      db.url,
      "request",
      "create",
      "--subject",
      "practice",
      "--year",
      "2030-2031",
      "--from",
      "ТФ",
      "--deadline",
      "2026-12-20",
      "--lang",
      "en",
    );
    expect(request.code).toBe(1);
    expect(request.err).toContain("2030-2031 has not started yet");
    writeFileSync(
      file,
      "unit;year;kind;assigned;completed;as_of\nЭФ;2021-2022;өндүрүштүк;40;41;\nЭФ;2021-2022;sports;40;30;\nЭФ;2021-2022;production;x;1;2022-13-01\n",
    );
    const bad = await cli(db.url, "import", "practice", file, "--lang", "en");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("line 2: Completed (41) cannot be more than assigned (40).");
    expect(bad.err).toContain("“sports” is not a practice kind");
    expect(bad.err).toContain("“2022-13-01” is not a date");
    // refused, and the audit says who tried and why
    const refused = await withPrisma(db.url, (p) =>
      p.auditEntry.findFirst({ where: { outcome: "refused" }, orderBy: { id: "desc" } }),
    );
    expect(refused).toMatchObject({
      action: "practice.import",
      target: "file:practice.csv",
      reason: "practiceCompletedOverAssigned",
    });
    writeFileSync(
      file,
      "unit;year;kind;assigned;completed;as_of\nЭФ;2021-2022;өндүрүштүк;40;38;25.09.2022\nЭФ;2021-2022;Преддипломная;10;10;\n",
    );
    expect((await cli(db.url, "import", "practice", file)).code).toBe(0);
    const r = await json("--unit", "ЭФ", "--year", "2021-2022");
    expect(r.total).toMatchObject({ assigned: 50, completed: 48, rate: 96, source: "entered" });
    // thousands grouped with a space, as Excel writes them in ky/ru
    writeFileSync(file, "unit;year;kind;assigned;completed\nЭФ;2022-2023;өндүрүштүк;1 200;1\u00a0150\n");
    expect((await cli(db.url, "import", "practice", file)).code).toBe(0);
    expect((await json("--unit", "ЭФ", "--year", "2022-2023")).total).toMatchObject({ assigned: 1200, completed: 1150 });
    // the audit names each figure the file wrote
    const audit = await withPrisma(db.url, (p) =>
      p.auditEntry.findMany({ where: { action: "practice.import", target: { startsWith: "practice:ЭФ:2021-2022:" } } }),
    );
    expect(audit.map((a) => a.target).sort()).toEqual(["practice:ЭФ:2021-2022:pre-diploma", "practice:ЭФ:2021-2022:production"]);
  });
});

describe("sapat export practice", () => {
  it("a workbook laid out like the published table that imports back to the same figures", async () => {
    const file = `${db.dir}/practice.xlsx`;
    const out = await cli(db.url, "export", "practice", "--year", "2020-2021", "--xlsx", file, "--lang", "ru");
    expect(out.code, out.err).toBe(0);
    expect(out.out).toContain("цифр 3");
    // into its own database: nothing changes
    const again = await cli(db.url, "import", "practice", file, "--json");
    expect(again.code, again.err + again.out).toBe(0);
    expect(JSON.parse(again.out).tally).toMatchObject({ added: 0, corrected: 0, unchanged: 3 });
    // into a fresh one with the same units: the same report
    const fresh = tempDatabaseUrl();
    try {
      expect((await cli(fresh.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
      const departments = `${db.dir}/departments.csv`;
      writeFileSync(departments, "code,kind,parent\nТФ-ТМ,department,ТФ\nТФ-ПП,department,ТФ\n");
      expect((await cli(fresh.url, "import", "units", departments)).code).toBe(0);
      const imported = await cli(fresh.url, "import", "practice", file);
      expect(imported.code, imported.err).toBe(0);
      const a = await json("--unit", "ТФ", "--year", "2020-2021");
      const r = await cli(fresh.url, "report", "practice", "--json", "--unit", "ТФ", "--year", "2020-2021");
      const b = JSON.parse(r.out);
      expect(b.rows.map((x: { assigned: number; completed: number }) => [x.assigned, x.completed])).toEqual(
        a.rows.map((x: { assigned: number; completed: number }) => [x.assigned, x.completed]),
      );
      expect(b.total.rate).toBe(a.total.rate);
    } finally {
      fresh.cleanup();
    }
  });
});
