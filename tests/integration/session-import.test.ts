import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const SESSION = path.join(DATA, "kstu-2019-2020-spring-session.csv");
const TOTALS = path.join(DATA, "kstu-published-totals.csv");
const db = tempDatabaseUrl();

type Json = {
  rows: {
    unit: string;
    form: string;
    enrolled: number;
    admitted: number;
    passedAll: number;
    absolute: number;
    debtors: number;
    debtorShare: number;
    countedInTotal: boolean;
  }[];
  total: {
    enrolled: number;
    admitted: number;
    passedAll: number;
    absolute: number;
    quality: number | null;
    debtors: number;
    debtorShare: number;
  };
  methodology: { base: string; debtorsIncludeNotAdmitted: boolean };
  flags: { code: string; unit?: string; stage?: string; message: string; params: Record<string, unknown> }[];
};
async function report(...args: string[]): Promise<Json> {
  const r = await cli(db.url, "report", "session", "--year", "2019-2020", "--term", "spring", ...args, "--json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Json;
}

beforeAll(async () => {
  expect((await cli(db.url, "import", "session", SESSION, "--create-units")).code).toBe(0);
  expect((await cli(db.url, "import", "totals", TOTALS)).code).toBe(0);
});
afterAll(() => db.cleanup());

describe("the KSTU 2019-2020 spring session, imported as published", () => {
  it("gives the main-university full-time totals after re-takes and МТФ's row", async () => {
    const r = await report("--stage", "after-retakes", "--form", "full-time", "--kinds", "faculty,institute");
    expect(r.total).toMatchObject({
      enrolled: 4690,
      admitted: 4505,
      passedAll: 2609,
      absolute: 57.9,
      debtors: 2081,
      debtorShare: 44.4,
      quality: null,
    });
    expect(r.rows.find((x) => x.unit === "МТФ")).toMatchObject({
      form: "full-time",
      absolute: 42.5,
      debtors: 525,
      debtorShare: 60.1,
    });
    // eight counted faculties and institutes, plus МЖМ: listed, but not in the full-time total
    expect(r.rows).toHaveLength(9);
    expect(r.rows.filter((x) => !x.countedInTotal).map((x) => x.unit)).toEqual(["МЖМ"]);
    expect(r.methodology).toEqual({ base: "admitted", debtorsIncludeNotAdmitted: true });
  });

  it("gives absolute 41.1 at the main stage", async () => {
    const r = await report("--stage", "main", "--form", "full-time", "--kinds", "faculty,institute");
    expect(r.total).toMatchObject({ enrolled: 4690, admitted: 4505, passedAll: 1851, absolute: 41.1, debtors: 2839 });
  });

  it("flags the published debtor counts that differ from enrolled − passed", async () => {
    const after = await report("--stage", "after-retakes", "--form", "full-time", "--kinds", "faculty,institute");
    const counts = after.flags
      .filter((f) => f.code === "reported-count-mismatch")
      .map((f) => [f.unit, f.params.reported, f.params.computed]);
    expect(counts).toEqual([
      ["ТФ", 287, 284],
      ["КГТИ", 400, 399],
    ]);
    const main = await report("--stage", "main", "--form", "full-time", "--kinds", "faculty,institute");
    expect(
      main.flags.filter((f) => f.code === "reported-count-mismatch").map((f) => [f.unit, f.params.reported, f.params.computed]),
    ).toEqual([["ТФ", 436, 424]]);
  });

  it("reports that the debtor column sums to 2085 (main 2851) while the printed total is 2081 (2839)", async () => {
    const after = await report("--stage", "after-retakes", "--form", "full-time", "--kinds", "faculty,institute");
    expect(after.flags.find((f) => f.code === "total-column-mismatch")?.params).toMatchObject({ printed: 2081, columnSum: 2085 });
    const main = await report("--stage", "main", "--form", "full-time", "--kinds", "faculty,institute");
    expect(main.flags.find((f) => f.code === "total-column-mismatch")?.params).toMatchObject({ printed: 2839, columnSum: 2851 });
    // the recomputed total agrees with the printed one: no count mismatch on the total
    expect(after.flags.some((f) => f.code === "total-count-mismatch")).toBe(false);
  });

  it("changes no stored figure while flagging", async () => {
    await withPrisma(db.url, async (prisma) => {
      const tf = await prisma.sessionResult.findFirst({
        where: { unit: { code: "ТФ" }, stage: "after-retakes", form: "full-time" },
      });
      expect(tf).toMatchObject({ debtorsReported: 287, passedAll: 511, enrolled: 795, version: 1, supersededAt: null });
      const total = await prisma.publishedTotal.findFirst({ where: { stage: "after-retakes" } });
      expect(total?.debtorsReported).toBe(2081);
    });
  });

  it("keeps units marked not counted in total in the rows and out of the total", async () => {
    const r = await report("--stage", "after-retakes", "--form", "full-time", "--kinds", "faculty");
    const mjm = r.rows.find((x) => x.unit === "МЖМ");
    expect(mjm).toMatchObject({ countedInTotal: false, enrolled: 426 });
    const counted = r.rows.filter((x) => x.countedInTotal);
    expect(r.total.enrolled).toBe(counted.reduce((a, x) => a + x.enrolled, 0));
    expect(r.total.enrolled).toBe(873 + 449 + 795 + 693 + 358);
    // the same unit's part-time result is counted
    const part = await report("--stage", "after-retakes", "--form", "part-time", "--unit", "МЖМ");
    expect(part.total.enrolled).toBe(27);
  });

  it("covers both forms without --form, and recomputes under the enrolled base", async () => {
    const both = await report("--stage", "after-retakes", "--unit", "МТФ");
    expect(both.rows.map((x) => x.form)).toEqual(["full-time", "part-time"]);
    expect(both.total).toMatchObject({ enrolled: 1006, passedAll: 433 });
    const enrolled = await report("--stage", "after-retakes", "--form", "full-time", "--unit", "МТФ", "--base", "enrolled");
    expect(enrolled.total.absolute).toBe(39.9);
    expect(enrolled.methodology.base).toBe("enrolled");
  });

  it("prints an aligned table with the total line and the flags", async () => {
    const r = await cli(
      db.url,
      "--lang",
      "ru",
      "report",
      "session",
      "--year",
      "2019-2020",
      "--term",
      "spring",
      "--stage",
      "after-retakes",
      "--form",
      "full-time",
      "--kinds",
      "faculty,institute",
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/МТФ\s+очная\s+873\s+819\s+348\s+42,5\s+—\s+525\s+60,1/);
    expect(r.out).toMatch(/Итого\s+4690\s+4505\s+2609\s+57,9\s+—\s+2081\s+44,4/);
    expect(r.out).toContain("2085");
  });

  it("refuses bad options and unknown units with a localized message", async () => {
    const report = (...args: string[]) => cli(db.url, "--lang", "en", "report", "session", "--year", "2019-2020", ...args);
    const bad = await report("--term", "summer", "--stage", "main");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--term");
    const unit = await report("--term", "spring", "--stage", "main", "--unit", "XYZ");
    expect(unit.code).toBe(1);
    expect(unit.err).toBe("Unit “XYZ” was not found.");
  });
});

describe("re-importing and correcting", () => {
  it("creates no duplicates when the same file is imported again", async () => {
    const again = await cli(db.url, "--lang", "en", "import", "session", SESSION);
    expect(again.code).toBe(0);
    expect(again.out).toContain("0 new, 0 corrected (earlier versions kept), 32 unchanged");
    await withPrisma(db.url, async (prisma) => {
      expect(await prisma.sessionResult.count()).toBe(32);
      expect(await prisma.unit.count()).toBe(14);
    });
  });

  it("adds a correction as a new version and keeps the old one", async () => {
    const { dir } = db;
    const file = path.join(dir, "correction.csv");
    writeFileSync(
      file,
      "year,term,stage,form,unit,enrolled,admitted,passed_all\n2019-2020,spring,after-retakes,full-time,ТФ,795,783,512\n",
    );
    const shown = await cli(db.url, "--lang", "en", "import", "session", file);
    expect(shown.code).toBe(2);
    expect(shown.out).toContain("passed_all 511 → 512");
    const r = await cli(db.url, "--lang", "en", "import", "session", file, "--yes");
    expect(r.out).toContain("0 new, 1 corrected");
    await withPrisma(db.url, async (prisma) => {
      const versions = await prisma.sessionResult.findMany({
        where: { unit: { code: "ТФ" }, stage: "after-retakes", form: "full-time" },
        orderBy: { version: "asc" },
      });
      expect(versions.map((v) => [v.version, v.passedAll, v.supersededAt === null])).toEqual([
        [1, 511, false],
        [2, 512, true],
      ]);
    });
    const after = await report("--stage", "after-retakes", "--form", "full-time", "--unit", "ТФ");
    expect(after.total.passedAll).toBe(512);
  });
});

describe("checks across rows: courses against their total, re-takes against the main session", () => {
  it("keeps published figures checked against the institution's methodology under --base enrolled", async () => {
    const given = await report("--stage", "after-retakes", "--form", "full-time", "--kinds", "faculty,institute");
    const enrolled = await report(
      "--stage",
      "after-retakes",
      "--form",
      "full-time",
      "--kinds",
      "faculty,institute",
      "--base",
      "enrolled",
    );
    expect(enrolled.total.absolute).not.toBe(given.total.absolute);
    expect(enrolled.flags.map((f) => f.message)).toEqual(given.flags.map((f) => f.message));
    expect(enrolled.flags.filter((f) => f.code === "reported-percent-mismatch" && f.params.field === "absolute")).toEqual([]);
  });

  it("flags course rows above the all-courses row and passes falling after re-takes, in sapat report", async () => {
    const file = path.join(db.dir, "courses.csv");
    writeFileSync(
      file,
      [
        "year,term,stage,form,unit,course,enrolled,admitted,passed_all",
        "2020-2021,spring,main,full-time,МТФ,,100,90,50",
        "2020-2021,spring,after-retakes,full-time,МТФ,,100,90,45",
        "2020-2021,spring,after-retakes,full-time,МТФ,1,60,50,25",
        "2020-2021,spring,after-retakes,full-time,МТФ,2,50,40,20",
      ].join("\n"),
    );
    expect((await cli(db.url, "import", "session", file)).code).toBe(0);
    const args = ["report", "session", "--year", "2020-2021", "--term", "spring", "--stage", "after-retakes", "--unit", "МТФ"];
    const json = JSON.parse((await cli(db.url, "--lang", "en", ...args, "--json")).out) as Json;
    expect(json.flags.map((f) => f.message)).toEqual([
      "МТФ (full-time, after re-takes): course rows sum to 110 enrolled, more than the all-courses row's 100",
      "МТФ (full-time, after re-takes): passed all fell from 50 at the main session to 45 after re-takes",
    ]);
    const ru = await cli(db.url, "--lang", "ru", ...args);
    expect(ru.out).toContain("МТФ (очная, после пересдач): сдавших все стало меньше: 50 в основную сессию, 45 после пересдач");
  });
});
