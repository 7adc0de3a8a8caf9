// Reading an Excel workbook (.xlsx) into the same shape as a CSV: the first worksheet, its
// header the first non-empty row that is not a comment ("#…" in its first filled cell), each
// record numbered by its sheet row, every cell as the user sees it — 45 as "45", a formula
// as its result, a date as 2020-06-12, a percent-formatted 0.655 as "65.5%".
import { inflateRawSync } from "node:zlib";
import type ExcelJS from "exceljs";
import { dropCommentColumns, type ImportIssue, recordValues, type Table, type TableRecord } from "./table.ts";

type Value = ExcelJS.CellValue | NonNullable<ExcelJS.CellFormulaValue["result"]>;

/** A number without binary noise: 0.1 + 0.2 reads "0.3", as Excel shows it. */
function numberText(n: number, numFmt: string | undefined): string {
  // a percent format shows the value times 100 (0.655 as 65.5%); the importers take "65.5%"
  if (numFmt?.includes("%")) return `${Number((n * 100).toPrecision(15))}%`;
  return String(Number(n.toPrecision(15)));
}

function valueText(v: Value, numFmt: string | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return numberText(v, numFmt);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("hyperlink" in v) return String(v.text ?? "");
  if ("error" in v) return v.error;
  if ("formula" in v || "sharedFormula" in v) return valueText(v.result ?? null, numFmt);
  return "";
}

/** What a cell shows; the parts of a merged range other than its first cell are empty. */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master !== cell) return "";
  return valueText(cell.value as Value, cell.numFmt).trim();
}

function rowTexts(row: ExcelJS.Row): string[] {
  const out: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    out[col - 1] = cellText(cell);
  });
  return Array.from(out, (v) => v ?? "");
}

const isComment = (cells: readonly string[]) => cells.find((c) => c !== "")?.startsWith("#") ?? false;

/** "A", "B", … "AA": how Excel names a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The most a workbook may unpack to. The reader holds the whole unpacked sheet and every cell
 * in memory (50 000 session rows unpack to 30 MB and take half a gigabyte); a small file that
 * unpacks to gigabytes (a zip bomb) would take the process down.
 */
export const MAX_UNPACKED_MB = 60;

/**
 * What a ZIP's entries unpack to, summed, counted by unpacking them (a bomb's directory may
 * lie) and stopped just past `limit`; null when it is no ZIP this can read (left to the reader).
 */
export function unpackedBytes(bytes: Uint8Array, limit: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // the end-of-central-directory record: 22 bytes and a comment of up to 64 KiB at the end
  let end = bytes.length - 22;
  while (end > 0 && end >= bytes.length - 22 - 0xffff && u32(end) !== 0x06054b50) end--;
  if (end < 0 || u32(end) !== 0x06054b50) return null;
  let total = 0;
  try {
    for (let n = u16(end + 10), at = u32(end + 16); n > 0 && total <= limit; n--) {
      if (u32(at) !== 0x02014b50) return null;
      const [method, size, local] = [u16(at + 10), u32(at + 20), u32(at + 42)];
      if (u32(local) !== 0x04034b50) return null;
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      const data = bytes.subarray(start, start + size);
      total += method === 0 ? data.length : inflateRawSync(data, { maxOutputLength: limit - total + 1 }).length;
      at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
    }
  } catch (error) {
    // past the limit (ERR_BUFFER_TOO_LARGE); anything else is a damaged ZIP, or no ZIP at all
    return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? limit + 1 : null;
  }
  return total;
}

async function firstSheet(bytes: Uint8Array): Promise<ExcelJS.Worksheet | null> {
  // loaded here, not at start-up: exceljs takes a quarter of a second that most commands never need
  const { default: Excel } = await import("exceljs");
  const book = new Excel.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    return null; // a ZIP that is no workbook (a .docx, an archive) or a damaged one
  }
  return book.worksheets[0] ?? null;
}

export async function readXlsx(bytes: Uint8Array): Promise<Table | ImportIssue> {
  const limit = MAX_UNPACKED_MB * 1024 * 1024;
  if ((unpackedBytes(bytes, limit) ?? 0) > limit) return { line: 0, code: "workbookTooLarge", params: { max: MAX_UNPACKED_MB } };
  const sheet = await firstSheet(bytes);
  if (!sheet) return { line: 0, code: "notSpreadsheet", params: {} };
  let header: string[] | undefined;
  let headerLine = 0;
  const records: TableRecord[] = [];
  let stray: ImportIssue | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells = rowTexts(row);
    if (stray || cells.every((c) => c === "") || isComment(cells)) return;
    if (!header) {
      header = cells;
      headerLine = line;
      return;
    }
    const values = recordValues();
    for (let i = 0; i < Math.max(cells.length, header.length); i++) {
      const name = header[i] ?? "";
      const value = cells[i] ?? "";
      // a value under no header would be silently dropped: the file is refused instead
      if (name === "" && value !== "") stray ??= { line, code: "cellWithoutHeader", params: { column: columnLetter(i) } };
      else if (name !== "") values[name] = value;
    }
    records.push({ line, values });
  });
  if (stray) return stray;
  if (!header) return { line: 1, code: "empty", params: {} };
  const named = header.filter((h) => h !== "");
  return dropCommentColumns({ header: named, headerLine, records });
}
