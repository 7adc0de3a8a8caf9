// sapat review summary / review rule: the summary table, the outcome and warnings in text,
// the --json shape, the workbook, the printed table checked cell by cell, the institution's
// rule and a one-run override, and errors that name their line and print nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, tempDatabaseUrl } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const REVIEWS = path.resolve(import.meta.dirname, "../../data/reviews");
const SAMPLE = path.join(REVIEWS, "lyceum-review-sample.csv");
const PRINTED = path.join(REVIEWS, "lyceum-review-printed.csv");
const file = (name: string, text: string) => {
  const f = path.join(db.dir, name);
  writeFileSync(f, text);
  return f;
};
const en = (...argv: string[]) => cli(db.url, "--lang", "en", ...argv);

beforeAll(async () => {
  expect((await cli(db.url, "institution", "set", "--code", "LYC", "--name", "Lyceum")).code).toBe(0);
});

describe("sapat review summary", () => {
  it("prints what the review is of, the table, the outcome, the rule and the duplicate row", async () => {
    const r = await en("review", "summary", SAMPLE);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split("\n")).toEqual([
      "External review summary",
      "Order: 45-А",
      "Order date: 20.05.2024",
      "Visit: 15.04.2024–17.04.2024",
      "Agency: Билим берүүнүн сапатын камсыз кылуу агенттиги (synthetic)",
      "Commission: А. Асанов (төрага), Б. Бекова, В. Петров",
      "Programmes: 150600 Электромонтер, 230100 ЭЭМ оператору",
      "",
      "Std    Crit  Meets  Part  Not  Fulf.",
      "────────────────────────────────────",
      "1         8      6     2    0  yes",
      "2         6      5     1    0  yes",
      "3         6      4     1    1  no",
      "4         5      4     1    0  yes",
      "5         5      3     2    0  yes",
      "────────────────────────────────────",
      "Total    30     22     7    1",
      "",
      "Not recommended: standard 3 not fulfilled.",
      "Rule: a standard is fulfilled when no criterion does not meet; standards allowed unfulfilled: 0; term: 5 years.",
      "Strengths: 3, weaknesses: 2, recommendations: 6 (in the workbook).",
      "",
      "Warnings:",
      "  line 29: criterion 2.4 is typed again with the same rating (first on line 28): counted once",
    ]);
  });

  it("--json: standards, total, outcome, warnings and the recommendations", async () => {
    const r = await en("review", "summary", SAMPLE, "--json", "--agency", "Given on the command line");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(["standards", "total", "outcome", "warnings", "recommendations"]);
    expect(j.standards[2]).toEqual({ standard: "3", criteria: 6, meets: 4, partial: 1, notMeets: 1, fulfilled: false });
    expect(j.total).toEqual({ criteria: 30, meets: 22, partial: 7, notMeets: 1 });
    expect(j.outcome).toEqual({ recommended: false, termYears: null });
    expect(j.warnings).toMatchObject([{ line: 29, code: "reviewDuplicateRow" }]);
    expect(j.recommendations).toHaveLength(6);
    expect(j.recommendations[0]).toEqual({
      standard: "1",
      text: "Миссияны талкуулоого иш берүүчүлөрдү жана ата-энелерди тартуу",
    });
  });

  it("--printed flags each cell where the report's own table disagrees, in text and JSON", async () => {
    const text = await en("review", "summary", SAMPLE, "--printed", PRINTED);
    expect(text.code, text.err).toBe(0);
    expect(text.out.split("\n").slice(-6)).toEqual([
      "The printed summary table disagrees with the criteria:",
      "  line 6, standard 3, Meet: printed 5, from the criteria 4",
      "  line 6, standard 3, Do not meet: printed 0, from the criteria 1",
      "  line 6, standard 3, Fulfilled: printed yes, from the criteria no",
      "  line 9, total, Meet: printed 23, from the criteria 22",
      "  line 9, total, Do not meet: printed 0, from the criteria 1",
    ]);
    const j = JSON.parse((await en("review", "summary", SAMPLE, "--printed", PRINTED, "--json")).out);
    expect(j.printed).toHaveLength(5);
    expect(j.printed[0]).toEqual({ line: 6, standard: "3", column: "meets", printed: 5, computed: 4 });
  });

  it("--xlsx writes the summary, the criteria and the findings", async () => {
    const out = path.join(db.dir, "review.xlsx");
    const r = await en("review", "summary", SAMPLE, "--xlsx", out, "--json");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`Workbook written: ${out}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(out) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Summary", "Criteria", "Findings"]);
    const values = (ws: ExcelJS.Worksheet) =>
      ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.filter((v) => v !== undefined && v !== null)] : []));
    const [summary, criteria, notes] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(values(summary)).toContainEqual(["Total", 30, 22, 7, 1]);
    expect(values(criteria)).toContainEqual(["1", "1.7", "partially meets", "Сапатты камсыздоо саясаты:"]);
    expect(values(criteria)).toContainEqual(["1", "1.7б", "partially meets", "окутуучулар саясат менен толук тааныш эмес"]);
    expect(values(notes)).toContainEqual(["3", "Recommendations", "Проводить опросы работодателей ежегодно"]);
  });

  it("an unknown rating or conflicting rows: the lines named, exit 1, nothing on stdout", async () => {
    const bad = file("bad.csv", "standard,criterion,rating\n1,1.1,meets\n1,1.2,good enough\n1,1.3,meets\n1,1.3,partial\n");
    const r = await en("review", "summary", bad, "--json");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.split("\n")).toEqual([
      "bad.csv: the review cannot be summarised:",
      expect.stringMatching(/^ {2}line 3: unknown rating “good enough”: meets, partially meets or does not meet/),
      "  line 5: criterion 1.3 is typed again with another rating (first on line 4): keep one",
    ]);
  });

  it("a file without the columns, a missing file, a bad printed table and bad options are refused", async () => {
    const noRating = file("cols.csv", "standard,criterion\n1,1.1\n");
    expect((await en("review", "summary", noRating)).err).toBe(
      "cols.csv: the review cannot be summarised:\n  line 1: column “rating” is missing",
    );
    const missing = await en("review", "summary", path.join(db.dir, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.err.split("\n")[0]).toBe("nope.csv: the review cannot be summarised:");
    const print = file("print.csv", "standard,criteria,meets,partial,not_meets\n1,8,six,2,-\n");
    const p = await en("review", "summary", SAMPLE, "--printed", print);
    expect([p.code, p.out]).toEqual([1, ""]);
    expect(p.err).toBe(
      "print.csv: the printed summary table cannot be read:\n  line 2: meets: “six” is not a count (a whole number, or - for 0)",
    );
    const rule = await en("review", "summary", SAMPLE, "--fulfilled", "most");
    expect([rule.code, rule.err]).toEqual([1, "invalid “--fulfilled”: “most” — no-not-meets | majority-meets | all-meet"]);
    expect((await en("review", "summary", SAMPLE, "--term", "0")).code).toBe(1);
  });
});

describe("sapat review rule", () => {
  it("shows the default, stores a change, and a summary run may override it once", async () => {
    expect((await en("review", "rule")).out).toBe(
      "Rule: a standard is fulfilled when no criterion does not meet; standards allowed unfulfilled: 0; term: 5 years.",
    );
    const set = await en("review", "rule", "--allow-unfulfilled", "1", "--term", "3");
    expect(set.out.split("\n")).toEqual([
      "The review rule of LYC is saved.",
      "Rule: a standard is fulfilled when no criterion does not meet; standards allowed unfulfilled: 1; term: 3 years.",
    ]);
    const lenient = JSON.parse((await en("review", "summary", SAMPLE, "--json")).out);
    expect(lenient.outcome).toEqual({ recommended: true, termYears: 3 });
    // this run only: every criterion must meet, so 1, 2, 3, 4 and 5 all fail
    const strict = JSON.parse((await en("review", "summary", SAMPLE, "--json", "--fulfilled", "all-meet")).out);
    expect(strict.outcome).toEqual({ recommended: false, termYears: null });
    expect(JSON.parse((await en("review", "rule", "--json")).out)).toEqual({
      fulfilled: "no-not-meets",
      allowUnfulfilled: 1,
      termYears: 3,
    });
  });
});
