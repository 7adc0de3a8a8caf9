import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const HEADER = "# a comment line\nyear,term,stage,form,unit,unit_kind,enrolled,admitted,passed_all,debtors_reported";
const GOOD = "2019-2020,spring,main,full-time,МТФ,faculty,873,819,263,610";

async function importRows(name: string, ...rows: string[]) {
  const file = path.join(db.dir, `${name}.csv`);
  writeFileSync(file, `${[HEADER, GOOD, ...rows].join("\n")}\n`);
  return cli(db.url, "--lang", "en", "import", "session", file, "--create-units");
}

function stored() {
  return withPrisma(db.url, async (prisma) => ({
    results: await prisma.sessionResult.count(),
    units: await prisma.unit.count(),
  }));
}

describe("a file with one bad row writes nothing and names the line", () => {
  it.each([
    ["negative count", "2019-2020,spring,main,full-time,ЭТИ,institute,351,-5,148,203", /line 4: “admitted”: “-5” is negative/],
    [
      "passed > admitted",
      "2019-2020,spring,main,full-time,ЭТИ,institute,351,326,400,203",
      /line 4: passed all \(400\) exceeds admitted \(326\)/,
    ],
    ["unknown stage", "2019-2020,spring,final,full-time,ЭТИ,institute,351,326,148,203", /line 4: “stage”: “final” is unknown/],
    [
      "text in a number column",
      "2019-2020,spring,main,full-time,ЭТИ,institute,351,many,148,203",
      /line 4: “admitted”: “many” is not a whole number/,
    ],
    [
      "admitted > enrolled",
      "2019-2020,spring,main,full-time,ЭТИ,institute,351,400,148,203",
      /line 4: admitted \(400\) exceeds enrolled \(351\)/,
    ],
    ["duplicate row", GOOD, /line 4: this row repeats line 3/],
    ["missing required value", "2019-2020,spring,main,full-time,ЭТИ,institute,351,,148,203", /line 4: “admitted” is required/],
    // past 2^53 a count loses digits; past 2^63 SQLite's INTEGER cannot hold it; a plausible bound says so first
    [
      "count of 2^53 + 1",
      "2019-2020,spring,main,full-time,ЭТИ,institute,9007199254740993,326,148,203",
      /line 4: “enrolled”: “9007199254740993” is too large \(at most 10000000\)/,
    ],
    [
      "count past SQLite's 64 bits",
      "2019-2020,spring,main,full-time,ЭТИ,institute,99999999999999999999,326,148,203",
      /line 4: “enrolled”: “99999999999999999999” is too large/,
    ],
    [
      "400-digit count",
      `2019-2020,spring,main,full-time,ЭТИ,institute,351,326,148,${"9".repeat(400)}`,
      /line 4: “debtors_reported”: “9+…” is too large/,
    ],
    [
      "a billion students",
      "2019-2020,spring,main,full-time,ЭТИ,institute,1000000000,326,148,203",
      /line 4: “enrolled”: “1000000000” is too large/,
    ],
  ])("%s", async (_name, bad, message) => {
    const r = await importRows(_name.replace(/\W+/g, "-"), bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain("was not accepted; nothing was written");
    expect(r.err).toMatch(message);
    expect(await stored()).toEqual({ results: 0, units: 0 });
  });

  it("rejects unknown columns and a unit whose kind contradicts the stored one", async () => {
    const file = path.join(db.dir, "typo.csv");
    writeFileSync(file, "year,term,stage,form,unit,enroled,admitted,passed_all\n");
    const typo = await cli(db.url, "--lang", "en", "import", "session", file);
    expect(typo.err).toMatch(/line 1: column “enroled” is unknown/);
    expect(typo.err).toMatch(/column “enrolled” is missing/);

    expect((await importRows("good")).code).toBe(0);
    const conflict = await importRows("conflict", "2019-2020,spring,after-retakes,full-time,МТФ,institute,873,819,348,525");
    expect(conflict.code).toBe(1);
    expect(conflict.err).toMatch(/line 4: unit МТФ is stored as faculty, the file says institute/);
    expect(await stored()).toEqual({ results: 1, units: 1 });
  });

  it("bounds every numeric field of totals and figures, and percentages of session rows", async () => {
    const write = (name: string, text: string) => {
      const file = path.join(db.dir, name);
      writeFileSync(file, text);
      return file;
    };
    const huge = "9".repeat(400);
    const totals = await cli(
      db.url,
      "--lang",
      "en",
      "import",
      "totals",
      write(
        "totals-huge.csv",
        `year,term,stage,scope,enrolled,admitted,passed_all,absolute_reported,debtors_reported,debtor_share_reported\n2019-2020,spring,main,all,9007199254740993,1,1,${huge},${huge},50\n`,
      ),
    );
    expect(totals.code).toBe(1);
    expect(totals.err).toMatch(/line 2: “enrolled”: “9007199254740993” is too large \(at most 10000000\)/);
    expect(totals.err).toMatch(/line 2: “absolute_reported”: “9+…” must be between 0 and 100/);
    expect(totals.err).toMatch(/line 2: “debtors_reported”: “9+…” is too large/);
    const figures = await cli(
      db.url,
      "--lang",
      "en",
      "import",
      "figures",
      "--metric",
      "absolute",
      write("figures-huge.csv", `unit,2019-2020 main\nЭТИ,${huge}\n`),
    );
    expect(figures.code).toBe(1);
    expect(figures.err).toMatch(/line 2: “2019-2020 main”: “9+…” must be between 0 and 100/);
    const percent = await importRows(
      "percent-huge",
      `2019-2020,spring,main,full-time,ЭТИ,institute,351,326,148,203`.replace(/,203$/, `,${huge}`),
    );
    expect(percent.err).toMatch(/“debtors_reported”: “9+…” is too large/);
    await withPrisma(db.url, async (prisma) => {
      expect(await prisma.publishedTotal.count()).toBe(0);
      expect(await prisma.publishedFigure.count()).toBe(0);
    });
  });

  it("says so, in Kyrgyz by default, when the file does not exist", async () => {
    const r = await cli(db.url, "import", "session", path.join(db.dir, "nope.csv"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("табылган жок");
  });

  it("accepts the optional count columns and course rows", async () => {
    const file = path.join(db.dir, "full.csv");
    writeFileSync(
      file,
      [
        "year,term,stage,form,unit,course,enrolled,admitted,passed_all,excellent_only,excellent_good,mixed,satisfactory_only,debts_1,debts_2,debts_3plus,not_admitted_excused,not_admitted_unexcused,no_show",
        "2020-2021,autumn,main,full-time,ЭФ,1,100,95,80,10,20,30,20,10,3,2,2,3,1",
        "2020-2021,autumn,main,full-time,ЭФ,2,50,50,40,5,5,20,10,5,5,0,0,0,0",
      ].join("\n"),
    );
    const r = await cli(db.url, "--lang", "en", "import", "session", file, "--create-units");
    expect(r.code, r.err).toBe(0);
    const rep = await cli(db.url, "report", "session", "--year", "2020-2021", "--term", "autumn", "--stage", "main", "--json");
    const json = JSON.parse(rep.out);
    expect(json.rows).toHaveLength(1); // the course rows summed into one all-courses row
    expect(json.total).toMatchObject({ enrolled: 150, admitted: 145, passedAll: 120, quality: 27.6, absolute: 82.8 });
    expect(json.flags).toEqual([]);
  });
});
