// sapat survey responses|results on the synthetic sample export: preview then --yes, a second
// import adds nothing, recipients found are marked responded, rates per unit and course with
// the group of 4 pooled, the 34/53/7/3/3 question, the JSON shape, the workbook and the charts,
// a dean's own rows, and exports of another survey or form refused with nothing written.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { DEFAULT_REMINDERS } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { insertSurvey } from "../../prisma/store/surveys.ts";
import { cli, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { SAMPLE_AUDIENCE, SAMPLE_EXPORT, sampleSurvey } from "../support/survey-responses.ts";

const tmp = tempDir("sapat-survey-results-");
const url = testDatabaseUrl(tmp.dir, "s");
let db: PrismaClient;
let institution: Institution;
let id: number;

beforeAll(async () => {
  ({ db, institution } = await buildDemo(url));
  id = await sampleSurvey(db, institution.id);
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const run = (...argv: string[]) => cli(url, "--lang", "en", "survey", ...argv);

async function emptySurvey(): Promise<number> {
  const at = new Date("2026-09-01T04:00:00Z");
  const s = await insertSurvey(db, {
    institutionId: institution.id,
    titles: { ky: "Башка", ru: null, en: null },
    formUrl: "https://forms.example.kg/other",
    tokenField: null,
    audienceJson: "{}",
    opensAt: at,
    closesAt: new Date("2026-09-10T00:00:00Z"),
    createdBy: "test",
    creatorChatId: null,
    reminders: DEFAULT_REMINDERS,
    at,
  });
  return s.id;
}

describe("sapat survey responses", () => {
  it("previews without writing, then writes with --yes, and a second import adds nothing", async () => {
    const preview = await run("responses", String(id), SAMPLE_EXPORT, "--json");
    expect(preview.code).toBe(2);
    const p = JSON.parse(preview.out);
    expect(p).toMatchObject({
      surveyId: id,
      rows: 100,
      matched: 96,
      unknownTokens: 2,
      withoutToken: 2,
      added: 100,
      written: false,
    });
    expect(p.columns).toMatchObject({ timestamp: "Отметка времени", token: "Жеке код (өзгөртпөңүз)" });
    expect(p.columns.questions).toHaveLength(4);
    expect(await db.surveyResponse.count({ where: { surveyId: id } })).toBe(0);

    const written = await run("responses", String(id), SAMPLE_EXPORT, "--yes");
    expect(written.code).toBe(0);
    expect(written.out).toContain("new 100");
    expect(await db.surveyResponse.count({ where: { surveyId: id } })).toBe(100);
    expect(await db.surveyRecipient.count({ where: { surveyId: id, respondedAt: { not: null } } })).toBe(96);

    const again = JSON.parse((await run("responses", String(id), SAMPLE_EXPORT, "--yes", "--json")).out);
    expect(again).toMatchObject({ added: 0, replaced: 0, unchanged: 100, marked: 0 });
    expect(await db.surveyResponse.count({ where: { surveyId: id } })).toBe(100);
  });
});

describe("the same export as a workbook", () => {
  it("adds nothing after the CSV (its date cells keep only the day)", async () => {
    const lines = readFileSync(SAMPLE_EXPORT, "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("Form responses 1");
    lines.forEach((l, i) => {
      const cells: unknown[] = l.split(",");
      const m = /^(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)$/.exec(String(cells[0]));
      if (i > 0 && m) cells[0] = new Date(Date.UTC(+(m[3] ?? 0), +(m[2] ?? 1) - 1, +(m[1] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0)));
      ws.addRow(cells);
    });
    const file = path.join(tmp.dir, "responses.xlsx");
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    const r = await run("responses", String(id), file, "--json");
    expect([r.code, JSON.parse(r.out)]).toEqual([0, expect.objectContaining({ rows: 100, added: 0, unchanged: 100 })]);
  });
});

describe("sapat survey results", () => {
  it("prints the JSON shape: rate with both denominators, shown unit×course rows, distributions", async () => {
    const r = await run("results", String(id), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(["rate", "units", "questions"]);
    // every tenth recipient unreachable: 140 − 14
    expect(j.rate).toEqual({ responses: 100, audience: SAMPLE_AUDIENCE, reachable: 126 });
    const byUnit = (a: { unit: string }, b: { unit: string }) => a.unit.localeCompare(b.unit);
    // ЭФ course 4 (4 respondents) is not shown: pooled with course 3, the next smallest; the 4
    // answers without a known unit count only in the total
    expect([...j.units].sort(byUnit)).toEqual(
      [
        { unit: "ТФ", course: 2, responses: 22, audience: 30 },
        { unit: "ТФ", course: 3, responses: 15, audience: 25 },
        { unit: "ЭФ", course: 2, responses: 30, audience: 40 },
        { unit: "ЭФ", course: null, responses: 29, audience: 45 },
      ].sort(byUnit),
    );
    expect(j.units.some((u: { responses: number }) => u.responses === 4)).toBe(false);
    const [five, yesNo, four, free] = j.questions;
    expect(five.question).toBe("Окутуунун сапатына баа бериңиз");
    expect(five.answers).toEqual([
      { answer: "Эң жакшы", count: 34, share: 34 },
      { answer: "Жакшы", count: 53, share: 53 },
      { answer: "Канааттандырарлык", count: 7, share: 7 },
      { answer: "Жаман", count: 3, share: 3 },
      { answer: "Өтө жаман", count: 3, share: 3 },
    ]);
    expect(yesNo.answers.map((a: { answer: string }) => a.answer)).toEqual(["Да", "Нет"]);
    expect(four.answers.map((a: { share: number }) => a.share)).toEqual([44.4, 38.9, 11.1, 5.6]);
    expect(free.answers[0]).toEqual({ answer: "Китепкананы кеңейтүү керек", count: 8, share: 44.4 });
  });

  it("words the rate line and the distributions, and saves the workbook and a chart per question", async () => {
    const xlsx = path.join(tmp.dir, "results.xlsx");
    const charts = path.join(tmp.dir, "charts");
    const r = await run("results", String(id), "--xlsx", xlsx, "--chart-dir", charts);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Responses: 100 of 140 (71.4%), reachable 126");
    expect(r.out).toContain("34.0% / 53.0% / 7.0% / 3.0% / 3.0%");
    expect(r.out).toContain("ЭФ, other courses together: 29 of 45");
    const files = r.err.trim().split("\n");
    expect(files).toHaveLength(4);
    expect(
      readFileSync(files[0] as string)
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Rates", "Answers", "Free text"]);
    const answers = book.getWorksheet("Answers");
    const values =
      answers
        ?.getSheetValues()
        .flat()
        .filter((v) => v !== undefined && v !== null) ?? [];
    expect(values).toContain("Канааттандырарлык");
    expect(values).toContain(34);
  });

  it("gives a dean his units' rows only, and refuses a survey outside his scope", async () => {
    const ef = await db.unit.findFirstOrThrow({ where: { institutionId: institution.id, code: "ЭФ" } });
    await db.user.create({ data: { institutionId: institution.id, telegramId: "9101", role: "dean", scopeUnitId: ef.id } });
    expect((await run("results", String(id), "--as", "9101")).code).toBe(1);
    await db.survey.update({ where: { id }, data: { audience: JSON.stringify({ roles: ["student"], units: ["ЭФ"] }) } });
    const j = JSON.parse((await run("results", String(id), "--as", "9101", "--json")).out);
    expect(j.rate).toEqual({ responses: 59, audience: 85, reachable: 76 });
    expect(j.units.map((u: { unit: string }) => u.unit)).toEqual(["ЭФ", "ЭФ"]);
    await db.survey.update({ where: { id }, data: { audience: JSON.stringify({ roles: ["student"], units: ["ЭФ", "ТФ"] }) } });
  });

  it("shows no distributions while the survey is open, only the rates", async () => {
    const closed = await db.survey.findUniqueOrThrow({ where: { id } });
    await db.survey.update({ where: { id }, data: { status: "open", closesAt: new Date(Date.now() + 86_400_000) } });
    try {
      const j = JSON.parse((await run("results", String(id), "--json")).out);
      expect(j.rate.responses).toBe(100);
      expect(j.questions.every((q: { answers: unknown[] }) => q.answers.length === 0)).toBe(true);
      expect((await run("results", String(id))).out).toContain("shown after the survey closes");
    } finally {
      await db.survey.update({ where: { id }, data: { status: closed.status, closesAt: closed.closesAt } });
    }
  });
});

describe("refusals", () => {
  it("refuses another survey's export, a file of other questions, and files that are no export", async () => {
    const other = await emptySurvey();
    const foreign = await run("responses", String(other), SAMPLE_EXPORT, "--yes");
    expect([foreign.code, foreign.out]).toEqual([1, ""]);
    expect(foreign.err).toContain(`survey #${id}`);

    const poster = path.join(tmp.dir, "poster.csv");
    writeFileSync(poster, "Timestamp,How was it?\n2026/09/05 10:00:00 AM GMT+6,Good\n");
    expect((await run("responses", String(other), poster, "--yes")).code).toBe(0);
    const changed = path.join(tmp.dir, "changed.csv");
    writeFileSync(changed, "Timestamp,Code,Another question\n2026/09/05 10:00:00,Zq3xYw8vUt1s,Yes\n");
    const r = await run("responses", String(other), changed, "--yes");
    expect(r.code).toBe(1);
    expect(r.err).toContain("not those imported before");

    const noQuestions = path.join(tmp.dir, "none.csv");
    writeFileSync(noQuestions, "Timestamp,Email address\n2026/09/05,a@b.kg\n");
    expect((await run("responses", String(other), noQuestions)).err).toContain("no question columns");
    expect((await run("responses", String(other), path.join(tmp.dir, "missing.csv"))).code).toBe(1);
    expect((await run("responses", "abc", SAMPLE_EXPORT)).code).toBe(1);
    expect((await run("responses", "999", SAMPLE_EXPORT)).err).toContain("#999");
    expect(await db.surveyResponse.count({ where: { surveyId: other } })).toBe(1);
  });
});
