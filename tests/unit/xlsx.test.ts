// The XLSX reader gives what the CSV reader gives (header, records with the rows users see),
// the writer's workbooks read back to their data, and files are told apart by content.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../bot/io/csv.ts";
import { readSpreadsheet } from "../../bot/io/spreadsheet.ts";
import { columnLetter, MAX_UNPACKED_MB, readXlsx, unpackedBytes } from "../../bot/io/xlsx.ts";
import { writeWorkbook } from "../../bot/io/xlsx-writer.ts";

async function book(fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet("Sheet1"), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("readXlsx", () => {
  it("reads cells as the user sees them: whole numbers, formula results, ISO dates, percent formats, rich text", async () => {
    const bytes = await book((ws) => {
      ws.addRow(["unit", "count", "share", "sum", "date", "note", "flag"]);
      ws.addRow([
        "МТФ",
        45,
        65.5,
        { formula: "B2+1", result: 46 },
        new Date(Date.UTC(2020, 5, 12)),
        { richText: [{ text: "a" }, { text: "b" }] },
        true,
      ]);
      ws.addRow(["ЭТИ", 0.1 + 0.2, 0.655, { formula: "1/0", result: { error: "#DIV/0!" } }, null, "  padded  ", false]);
      ws.getCell("C3").numFmt = "0.0%";
    });
    const t = await readXlsx(bytes);
    expect(t).toEqual({
      header: ["unit", "count", "share", "sum", "date", "note", "flag"],
      headerLine: 1,
      records: [
        { line: 2, values: { unit: "МТФ", count: "45", share: "65.5", sum: "46", date: "2020-06-12", note: "ab", flag: "TRUE" } },
        {
          line: 3,
          values: { unit: "ЭТИ", count: "0.3", share: "65.5%", sum: "#DIV/0!", date: "", note: "padded", flag: "FALSE" },
        },
      ],
    });
  });

  it("takes the first non-empty row that is no comment as the header, and numbers records by sheet row", async () => {
    const bytes = await book((ws) => {
      ws.getCell("A2").value = "# a title";
      ws.getCell("A4").value = "code";
      ws.getCell("B4").value = "name_ky";
      ws.getCell("A5").value = "# a note between rows";
      ws.getCell("A6").value = "МТФ";
      ws.getCell("A8").value = "ЭФ";
      ws.getCell("B8").value = "Энергетика";
    });
    const t = await readXlsx(bytes);
    expect(t).toMatchObject({ header: ["code", "name_ky"], headerLine: 4 });
    expect("records" in t && t.records).toEqual([
      { line: 6, values: { code: "МТФ", name_ky: "" } },
      { line: 8, values: { code: "ЭФ", name_ky: "Энергетика" } },
    ]);
  });

  it("gives the same records as the CSV reader for the same table", async () => {
    const rows = [
      ["year", "unit", "enrolled"],
      ["2019-2020", "МТФ", "873"],
      ["2019-2020", "ЭТИ", "351"],
    ];
    const bytes = await book((ws) => {
      for (const r of rows) ws.addRow(r.map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
    });
    expect(await readXlsx(bytes)).toEqual(readCsv(rows.map((r) => r.join(",")).join("\n")));
  });

  it("refuses a value in a column without a header, naming the column", async () => {
    const bytes = await book((ws) => {
      ws.addRow(["unit", "enrolled"]);
      ws.addRow(["МТФ", 873, "stray"]);
    });
    expect(await readXlsx(bytes)).toEqual({ line: 2, code: "cellWithoutHeader", params: { column: "C" } });
    expect([0, 25, 26, 27].map(columnLetter)).toEqual(["A", "Z", "AA", "AB"]);
  });

  it("refuses a workbook that unpacks to more than it may read (a zip bomb), even when its directory lies", async () => {
    const small = await book((ws) => ws.addRow(["unit", "count"]));
    expect(unpackedBytes(small, 1e9)).toBeGreaterThan(small.length);
    expect(unpackedBytes(small.subarray(0, 100), 1e9)).toBeNull();
    // a sheet of 61 MB of one letter packs into a few dozen kilobytes
    const zip = await JSZip.loadAsync(small);
    zip.file("xl/worksheets/sheet1.xml", "x".repeat((MAX_UNPACKED_MB + 1) * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = { line: 0, code: "workbookTooLarge", params: { max: MAX_UNPACKED_MB } };
    expect(await readXlsx(bomb)).toEqual(refused);
    // its central directory made to say the sheet is 100 bytes: it is unpacked and counted all the same
    const directory = bomb.readUInt32LE(bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
    const entry = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), bomb.indexOf("xl/worksheets/sheet1.xml", directory));
    expect(entry).toBeGreaterThanOrEqual(directory);
    bomb.writeUInt32LE(100, entry + 24);
    expect(await readXlsx(bomb)).toEqual(refused);
  });

  it("says an empty workbook is empty", async () => {
    expect(await readXlsx(await book(() => {}))).toMatchObject({ code: "empty" });
  });
});

describe("writeWorkbook", () => {
  const spec = {
    name: "Сессия",
    title: "Сессиянын жыйынтыгы",
    subtitle: ["Эсептөө: уруксат берилгендерге карата"],
    columns: [
      { caption: "Бөлүм", name: "unit" },
      { caption: "Контингент", name: "enrolled", format: "int" as const },
      { caption: "Абс. %", format: "pct" as const },
      { caption: "year", name: "year", hidden: true },
    ],
    rows: [
      { cells: ["МТФ", 873, 42.5, "2019-2020"] },
      { cells: ["МЖМ", 426, 83.5, "2019-2020"], style: "muted" as const },
      { cells: ["Жыйынтык", 1299, 57.9, null], style: "total" as const },
    ],
    notes: ["МЖМ жыйынтыкка кирбейт"],
  };

  it("reads back to its data lines: titles, captions, totals and notes are comments, unnamed columns are left out", async () => {
    const bytes = await writeWorkbook([spec], "ky");
    const t = await readXlsx(bytes);
    expect(t).toMatchObject({ header: ["unit", "enrolled", "year"] });
    expect("records" in t && t.records.map((r) => r.values)).toEqual([
      { unit: "МТФ", enrolled: "873", year: "2019-2020" },
      { unit: "МЖМ", enrolled: "426", year: "2019-2020" },
    ]);
  });

  it("lays the table out for people: bold frozen captions, one decimal in the language's mark, bold totals, hidden helpers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await writeWorkbook(
        [spec, { ...spec, name: "Белгилер", columns: [{ caption: "Белги" }], rows: [{ cells: ["x"] }] }],
        "ru",
      )) as never,
    );
    const [ws, second] = wb.worksheets;
    expect(second?.name).toBe("Белгилер");
    if (!ws) throw new Error("no sheet");
    expect(ws.getColumn(1).hidden).toBe(true); // the gutter
    expect(ws.getColumn(5).hidden).toBe(true); // year
    expect(ws.getColumn(4).numFmt).toBe("[$-419]0.0");
    const captions = ws.getRow(4);
    expect(captions.getCell(2).value).toBe("Бөлүм");
    expect(captions.getCell(2).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
    const total = ws.getRow(8);
    expect(total.getCell(2).value).toBe("Жыйынтык");
    expect(total.getCell(3).font?.bold).toBe(true);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual("Жыйынтык".length);
  });

  it("refuses a readable sheet whose first column has no name (its header row would read as a comment)", async () => {
    await expect(writeWorkbook([{ ...spec, columns: [{ caption: "x" }, { caption: "y", name: "y" }] }], "en")).rejects.toThrow(
      /named column/,
    );
  });
});

describe("readSpreadsheet tells files apart by content", () => {
  it("reads a workbook whatever its name, and CSV text in Windows-1251", async () => {
    const xlsx = await book((ws) => {
      ws.addRow(["unit"]);
      ws.addRow(["МТФ"]);
    });
    expect(await readSpreadsheet(xlsx)).toMatchObject({ format: "xlsx", encoding: null, table: { header: ["unit"] } });
    expect(await readSpreadsheet(iconv.encode("unit;x\nМТФ;1\n", "win1251"))).toMatchObject({
      format: "csv",
      encoding: "windows-1251",
      table: { header: ["unit", "x"], records: [{ line: 2, values: { unit: "МТФ", x: "1" } }] },
    });
  });

  it.each([
    ["a PDF", Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n", "latin1")],
    ["a PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ["a ZIP that is no workbook", Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0, 8, 0, 0, 0, 0x21, 0])],
    ["binary data", Buffer.from(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ])("refuses %s as not a spreadsheet", async (_, bytes) => {
    expect(await readSpreadsheet(bytes)).toEqual({ line: 0, code: "notSpreadsheet", params: {} });
  });

  it("refuses a .docx (a real ZIP with no workbook in it)", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("word/document.xml", "<w:document/>");
    const docx = await zip.generateAsync({ type: "nodebuffer" });
    expect(await readSpreadsheet(docx)).toEqual({ line: 0, code: "notSpreadsheet", params: {} });
  });
});

describe("a header cell named like a member of every object", () => {
  it("is a column like any other, and a column the file lacks reads undefined (the fuzz found a TypeError)", async () => {
    const header = ["__proto__", "constructor", "toString"];
    const csv = readCsv(`${header.join(",")}\nx,y,z\n`);
    const xlsx = await readXlsx(await book((ws) => ws.addRows([header, ["x", "y", "z"]])));
    for (const table of [csv, xlsx]) {
      if ("code" in table) throw new Error(table.code);
      const values = table.records[0]?.values ?? {};
      expect(Object.entries(values)).toEqual([
        ["__proto__", "x"],
        ["constructor", "y"],
        ["toString", "z"],
      ]);
      expect(values.hasOwnProperty).toBeUndefined();
      expect(values.valueOf).toBeUndefined();
    }
  });
});
