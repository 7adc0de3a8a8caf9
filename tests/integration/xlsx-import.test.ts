// `sapat import` takes workbooks as it takes CSV files: the demo files saved as .xlsx store
// exactly what the CSV files store, and a workbook's bad rows are named by their sheet rows.
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";
import { csvToXlsx } from "../support/xlsx.ts";

/** The demo's files with the flags the demo imports them with (bot/app/demo/build-demo.ts). */
const FILES: [kind: string, file: string, flags: string[]][] = [
  ["units", "kstu-units.csv", []],
  ["session", "kstu-2019-2020-spring-session.csv", ["--create-units"]],
  ["totals", "kstu-published-totals.csv", []],
  ["figures", "kstu-previous-year.csv", ["--metric", "absolute", "--term", "spring", "--form", "full-time"]],
  ["figures", "kstu-practice-2019-2020.csv", ["--metric", "practice"]],
];

/** Everything stored, without what differs by import (ids, times, the file's name). */
async function stored(p: PrismaClient) {
  const omit = { id: true, importId: true, enteredAt: true, source: true, institutionId: true } as const;
  const unit = { select: { code: true } } as const;
  return {
    units: await p.unit.findMany({
      select: {
        code: true,
        kind: true,
        nameKy: true,
        nameRu: true,
        nameEn: true,
        parent: unit,
        aliases: { select: { name: true } },
      },
      orderBy: { code: "asc" },
    }),
    results: await p.sessionResult.findMany({ omit: { ...omit, unitId: true }, include: { unit }, orderBy: { id: "asc" } }),
    totals: await p.publishedTotal.findMany({ omit, orderBy: { id: "asc" } }),
    figures: await p.publishedFigure.findMany({ omit: { ...omit, unitId: true }, include: { unit }, orderBy: { id: "asc" } }),
  };
}

describe("the demo files as workbooks", () => {
  const csvDb = tempDatabaseUrl();
  const xlsxDb = tempDatabaseUrl();
  afterAll(() => {
    csvDb.cleanup();
    xlsxDb.cleanup();
  });

  beforeAll(async () => {
    for (const [kind, file, flags] of FILES) {
      const fromCsv = await cli(csvDb.url, "--lang", "en", "import", kind, path.join(DATA, file), ...flags);
      expect(fromCsv.code, fromCsv.err).toBe(0);
      const book = path.join(xlsxDb.dir, file.replace(/\.csv$/, ".xlsx"));
      writeFileSync(book, await csvToXlsx(path.join(DATA, file)));
      const fromXlsx = await cli(xlsxDb.url, "--lang", "en", "import", kind, book, ...flags);
      expect(fromXlsx.code, fromXlsx.err).toBe(0);
      expect(fromXlsx.out).toBe(fromCsv.out.replace(file, path.basename(book)));
    }
  });

  it("store the same units, results, published totals and figures as the CSV files", async () => {
    const a = await withPrisma(csvDb.url, stored);
    const b = await withPrisma(xlsxDb.url, stored);
    expect(a.results).toHaveLength(32);
    expect(a.figures.length).toBeGreaterThan(30);
    expect(b).toEqual(a);
  });

  it("give the same report", async () => {
    const args = ["report", "session", "--year", "2019-2020", "--term", "spring", "--stage", "after-retakes", "--json"];
    const a = await cli(csvDb.url, ...args);
    const b = await cli(xlsxDb.url, ...args);
    expect(JSON.parse(b.out)).toEqual(JSON.parse(a.out));
  });
});

describe("a workbook with bad rows", () => {
  const db = tempDatabaseUrl();
  afterAll(() => db.cleanup());

  it("is refused whole, each problem named by the row the sheet shows it on", async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("Жыйынтык");
    ws.getCell("A2").value = "# session figures, typed by hand";
    ws.addRow(["year", "term", "stage", "form", "unit", "enrolled", "admitted", "passed_all"]); // row 3
    ws.addRow(["2019-2020", "spring", "main", "full-time", "МТФ", 873, 819, 263]);
    ws.addRow(["2019-2020", "spring", "main", "full-time", "ЭТИ", 351, 326, "абв"]);
    ws.addRow([]);
    ws.addRow(["2019-2020", "spring", "main", "full-time", "ТФ", 795, 900, 371]); // row 7
    const file = path.join(db.dir, "typed.xlsx");
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    const r = await cli(db.url, "--lang", "en", "import", "session", file, "--create-units");
    expect(r.code).toBe(1);
    expect(r.err.split("\n").filter((l) => !l.startsWith("Creating a new database"))).toEqual([
      "typed.xlsx was not accepted; nothing was written:",
      "  line 5: “passed_all”: “абв” is not a whole number",
      "  line 7: admitted (900) exceeds enrolled (795)",
    ]);
    expect(await withPrisma(db.url, (p) => p.sessionResult.count())).toBe(0);
  });
});
