// sapat export session: the published table as a workbook people can read (localized
// captions, totals per form, published figures beside recomputed ones, flags on a second
// sheet) that imports back to the same figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertLocalUser } from "../../prisma/store/users.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const demo = tempDatabaseUrl();
const fresh = tempDatabaseUrl();
afterAll(() => {
  demo.cleanup();
  fresh.cleanup();
});

const SESSION = ["--year", "2019-2020", "--term", "spring"];
const file = (name: string) => path.join(demo.dir, name);

async function sheets(f: string): Promise<ExcelJS.Worksheet[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(f) as never);
  return book.worksheets;
}

/** The visible row whose first visible cell (column B) is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let i = 1; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(2).value === label) return ws.getRow(i);
  throw new Error(`no row ${label}`);
}

/** A row's cells by the caption of their column. */
function byCaption(ws: ExcelJS.Worksheet, captionRow: number, row: ExcelJS.Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  ws.getRow(captionRow).eachCell((cell, col) => {
    if (!ws.getColumn(col).hidden) out[String(cell.value)] = row.getCell(col).value;
  });
  return out;
}

beforeAll(async () => {
  expect((await cli(demo.url, "demo")).code).toBe(0);
});

describe("sapat export session --xlsx", () => {
  it("writes the table in the user's language: captions, a total line per form, published figures beside recomputed ones", async () => {
    const f = file("ru.xlsx");
    const r = await cli(demo.url, "--lang", "ru", "export", "session", ...SESSION, "--stage", "after-retakes", "--xlsx", f);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`Записан ${f}: подразделений — 24, несходящихся показателей — 11.`);
    const [table, flags] = await sheets(f);
    if (!table || !flags) throw new Error("two sheets expected");
    expect([table.name, flags.name]).toEqual(["Сессия", "Проверка"]);
    expect(String(table.getCell("B1").value)).toMatch(
      /^KSTU .*: Итоги сессии: 2019-2020 учебный год, весенняя сессия, после пересдач/,
    );
    const captions = 5; // title, methodology, made, blank, captions
    const tf = byCaption(table, captions, rowOf(table, "ТФ"));
    expect(tf).toMatchObject({
      Подразделение: "ТФ",
      Контингент: 795,
      "Допущено к сессии": 783,
      "Сдали все экзамены": 511,
      "Абсолютная успеваемость, %": 65.3,
      Должники: 284,
      "Должники\n(опубликовано)": 287,
      "Доля должников, %": 35.7,
      "Доля должников, %\n(опубликовано)": 36.1,
    });
    // a figure that agrees has nothing beside it; quality cannot be recomputed without grade counts
    expect(byCaption(table, captions, rowOf(table, "МТФ"))).toMatchObject({
      "Должники\n(опубликовано)": null,
      "Качественная успеваемость, %": "—",
      "Качественная успеваемость, %\n(опубликовано)": 27,
    });
    const fullTime = rowOf(table, "Итого: очная");
    expect(byCaption(table, captions, fullTime)).toMatchObject({ Контингент: 6184, "Абсолютная успеваемость, %": 60 });
    expect(fullTime.getCell(2).font?.bold).toBe(true);
    expect(byCaption(table, captions, rowOf(table, "Всего"))).toMatchObject({ Контингент: 8368, Должники: 3428 });
    expect(table.getColumn(6).numFmt).toBe("[$-419]0.0");
    expect(flags.getRow(3).getCell(1).value).toBe("Подразделение"); // title, blank, captions
    expect(flags.rowCount).toBe(3 + 11);
  });

  it("puts a printed total beside the recomputed one only on a line covering what the printed line covers", async () => {
    const own = tempDatabaseUrl();
    try {
      const totals = path.join(own.dir, "totals.csv");
      writeFileSync(
        totals,
        "year,term,stage,scope,enrolled,absolute_reported,debtors_reported\n2019-2020,spring,main,main university full-time,4690,41.0,2840\n",
      );
      for (const args of [
        ["units", path.join(DATA, "kstu-units.csv")],
        ["session", path.join(DATA, "kstu-2019-2020-spring-session.csv")],
        ["totals", totals],
      ])
        expect((await cli(own.url, "import", ...args)).code).toBe(0);
      const main = [...SESSION, "--stage", "main", "--form", "full-time"];
      const f = path.join(own.dir, "main.xlsx");
      expect(
        (await cli(own.url, "--lang", "en", "export", "session", ...main, "--kinds", "faculty,institute", "--xlsx", f)).code,
      ).toBe(0);
      const [table] = await sheets(f);
      if (!table) throw new Error("no sheet");
      expect(byCaption(table, 5, rowOf(table, "Total: full-time"))).toMatchObject({
        Enrolled: 4690,
        Debtors: 2839,
        "Debtors\n(published)": 2840,
        "Absolute achievement, %": 41.1,
        "Absolute achievement, %\n(published)": 41,
      });
      // a table of every kind of unit: the printed line speaks for faculties and institutes only,
      // so it stays a flag (at the main session the two happen to hold the same units)
      const all = path.join(own.dir, "all.xlsx");
      expect((await cli(own.url, "--lang", "en", "export", "session", ...main, "--xlsx", all)).code).toBe(0);
      const [wide, checks] = await sheets(all);
      if (!wide || !checks) throw new Error("no sheets");
      const wideTotal = byCaption(wide, 5, rowOf(wide, "Total: full-time"));
      expect(wideTotal.Debtors).toBe(2839);
      expect(wideTotal["Debtors\n(published)"] ?? null).toBeNull();
      const flagged = checks.getColumn(3).values.map(String);
      expect(flagged.some((m) => m.includes("published debtors 2840, rows sum to 2839"))).toBe(true);
    } finally {
      own.cleanup();
    }
  });

  it("imports back to the same figures: into a fresh database, and as nothing new into its own", async () => {
    for (const stage of ["main", "after-retakes"]) {
      const r = await cli(demo.url, "export", "session", ...SESSION, "--stage", stage, "--xlsx", file(`${stage}.xlsx`));
      expect(r.code, r.err).toBe(0);
      const again = await cli(demo.url, "--lang", "en", "import", "session", file(`${stage}.xlsx`));
      expect(again.out).toMatch(/0 new, 0 corrected \(earlier versions kept\), \d+ unchanged/);
    }
    for (const args of [
      ["units", path.join(DATA, "kstu-units.csv")],
      ["totals", path.join(DATA, "kstu-published-totals.csv")],
      ["session", file("main.xlsx")],
      ["session", file("after-retakes.xlsx")],
    ]) {
      const r = await cli(fresh.url, "--lang", "en", "import", ...args);
      expect(r.code, r.err).toBe(0);
    }
    for (const stage of ["main", "after-retakes"]) {
      const report = ["report", "session", ...SESSION, "--stage", stage, "--json"];
      const a = JSON.parse((await cli(demo.url, ...report)).out);
      const b = JSON.parse((await cli(fresh.url, ...report)).out);
      expect(a.rows.length).toBeGreaterThanOrEqual(8);
      expect(b).toEqual(a);
    }
  });

  it("exports within a bound user's scope with --as, and refuses what lies outside it", async () => {
    await withPrisma(demo.url, async (p) => {
      const unit = await p.unit.findFirstOrThrow({ where: { code: "МТФ" } });
      await upsertLocalUser(p, {
        institutionId: unit.institutionId,
        telegramId: "555",
        role: "dean",
        scopeUnitId: unit.id,
        firstName: "D",
      });
    });
    const mine = await cli(demo.url, "--lang", "en", "export", "session", ...SESSION, "--stage", "main", "--as", "555", "--json");
    expect(mine.code, mine.err).toBe(0);
    const e = JSON.parse(mine.out);
    expect(e.unit).toBe("МТФ");
    expect(e.table.sections.flatMap((s: { lines: { unit: string }[] }) => s.lines.map((l) => l.unit))).toEqual(["МТФ"]);
    const other = await cli(
      demo.url,
      "--lang",
      "en",
      "export",
      "session",
      ...SESSION,
      "--stage",
      "main",
      "--as",
      "555",
      "--unit",
      "ЭФ",
      "--json",
    );
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/ЭФ are not available to you/);
    const stranger = await cli(
      demo.url,
      "--lang",
      "en",
      "export",
      "session",
      ...SESSION,
      "--stage",
      "main",
      "--as",
      "777",
      "--json",
    );
    expect(stranger.err).toBe("No bound user with Telegram id 777 in this institution.");
  });

  it("says where the file should go, and that a session without results has nothing to export", async () => {
    const none = await cli(demo.url, "--lang", "en", "export", "session", ...SESSION, "--stage", "main");
    expect(none).toMatchObject({ code: 1, err: "Say where: --xlsx FILE (or --json to print it)." });
    const f = file("autumn.xlsx");
    const empty = await cli(
      demo.url,
      "--lang",
      "en",
      "export",
      "session",
      "--year",
      "2019-2020",
      "--term",
      "autumn",
      "--stage",
      "main",
      "--xlsx",
      f,
    );
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/no session results for this selection \(2019-2020, autumn session\)/);
    expect(existsSync(f)).toBe(false);
  });
});
