// A CSV file as a user's own workbook would hold it: comment lines as one-cell rows, numbers
// as numeric cells (so the reader's number formatting is what the import sees), text as text.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";

export async function csvToXlsx(csvPath: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Sheet1");
  for (const line of readFileSync(csvPath, "utf8").split(/\r?\n/)) {
    if (line.startsWith("#")) sheet.addRow([line]);
    else if (line.trim() === "") sheet.addRow([]);
    else {
      const [cells] = parse(line) as string[][];
      sheet.addRow((cells ?? []).map((c) => (/^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c === "" ? null : c)));
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
