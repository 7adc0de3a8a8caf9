// A file handed over as a table, told apart by its content, never its name: a workbook is a
// ZIP ("PK\x03\x04"), a CSV is text (in the encodings Excel writes); anything else — a PDF,
// a picture, a .docx (a ZIP, but no workbook) — is refused as not a spreadsheet.
import { readCsv } from "./csv.ts";
import type { ImportIssue, Table } from "./table.ts";
import { decodeText, type TextEncoding } from "./text.ts";
import { readXlsx } from "./xlsx.ts";

export type SpreadsheetFormat = "csv" | "xlsx";

export interface Spreadsheet {
  format: SpreadsheetFormat;
  /** the text encoding of a CSV; null for a workbook */
  encoding: TextEncoding | null;
  table: Table;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export const isZip = (bytes: Uint8Array) => ZIP.every((b, i) => bytes[i] === b);

export async function readSpreadsheet(bytes: Uint8Array): Promise<Spreadsheet | ImportIssue> {
  if (isZip(bytes)) {
    const table = await readXlsx(bytes);
    return "code" in table ? table : { format: "xlsx", encoding: null, table };
  }
  const text = decodeText(bytes);
  if ("code" in text) return { ...text, line: 0 };
  const table = readCsv(text.text);
  return "code" in table ? table : { format: "csv", encoding: text.encoding, table };
}
