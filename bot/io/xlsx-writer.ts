// Writing tables as an Excel workbook laid out for people — a title, a bold frozen header,
// widths that fit, one decimal for percentages, bold total lines, printable on A4 — and, for
// a sheet whose columns have names, readable back by xlsx.ts: a hidden first column marks
// every line that is not data with "#" (title, captions, totals, notes), and a hidden row
// under the captions holds the column names an import expects.
import type ExcelJS from "exceljs";

export type CellFormat = "text" | "int" | "pct";
export type CellValue = string | number | null;

export interface SheetColumn {
  /** the caption people read (lines joined by "\n") */
  caption: string;
  /** the column's name in the hidden header an import reads; a sheet with none is for reading only */
  name?: string;
  format?: CellFormat;
  /** in characters; default: what the widest cell needs */
  width?: number;
  hidden?: boolean;
}

/** data: a line an import reads; total: bold; section: a heading over the next lines; muted: data set in grey italics */
export type RowStyle = "data" | "total" | "section" | "muted";

export interface SheetRow {
  cells: readonly CellValue[];
  style?: RowStyle;
}

export interface SheetSpec {
  name: string;
  title: string;
  /** lines under the title (period, methodology) */
  subtitle?: readonly string[];
  columns: readonly SheetColumn[];
  rows: readonly SheetRow[];
  /** lines under the table (footnotes) */
  notes?: readonly string[];
}

/** The language numbers are shown in: LibreOffice takes the decimal mark from it ("65,0" in ky/ru); Excel from the system. */
export type NumberLocale = "ky" | "ru" | "en";

const LOCALE_TAG: Record<NumberLocale, string> = { ky: "[$-440]", ru: "[$-419]", en: "" };
const FONT = "Arial"; // has Kyrgyz ү ө ң everywhere Excel and LibreOffice run
const GREY = { argb: "FF666666" };
const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FFBFBFBF" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function numFmt(format: CellFormat | undefined, locale: NumberLocale): string | undefined {
  if (format === "pct") return `${LOCALE_TAG[locale]}0.0`;
  if (format === "int") return "0";
  return undefined;
}

const lengthOf = (text: string) => [...text].length;
const textWidth = (v: CellValue) => (v === null ? 0 : Math.max(...String(v).split("\n").map(lengthOf)));

/** How many lines a text takes in a cell `width` characters wide, broken between words. */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(" ")) {
      const n = lengthOf(word);
      if (used && used + 1 + n > width) {
        lines++;
        used = n;
      } else used += (used ? 1 : 0) + n;
      if (used > width) lines += Math.ceil(used / width) - 1; // a word longer than the cell breaks
    }
  }
  return lines;
}

/** Bold captions are about a tenth wider than the 10-point figures a width counts. */
const BOLD = 1.1;

function widthOf(column: SheetColumn, index: number, rows: readonly SheetRow[]): number {
  if (column.width) return column.width;
  const widestData = Math.max(0, ...rows.map((r) => (r.style === "section" ? 0 : textWidth(r.cells[index] ?? null))));
  // a caption may wrap, but never inside a word, and into at most three lines
  const words = column.caption.split(/[\s\n]+/);
  const caption = Math.max(...words.map(lengthOf), Math.ceil(lengthOf(column.caption) / 3)) * BOLD;
  return Math.min(Math.ceil(Math.max(widestData, caption) + 2), 48);
}

function addSheet(book: ExcelJS.Workbook, spec: SheetSpec, locale: NumberLocale): void {
  const ws = book.addWorksheet(spec.name.slice(0, 31), {
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.properties.defaultRowHeight = 15;
  const readable = spec.columns.some((c) => c.name);
  // the hidden header row is found as the first line whose first filled cell is no comment
  if (readable && !spec.columns[0]?.name) throw new Error(`sheet ${spec.name}: a readable sheet starts with a named column`);
  // the gutter: one hidden column in front of a readable sheet's table
  const at = readable ? 2 : 1;
  if (readable) ws.getColumn(1).hidden = true;
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(at + i);
    col.width = widthOf(c, i, spec.rows);
    col.hidden = c.hidden ?? false;
    const fmt = numFmt(c.format, locale);
    if (fmt) col.numFmt = fmt;
  });
  const lastVisible = at + spec.columns.map((c) => !c.hidden).lastIndexOf(true);
  const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size: 10, ...extra });

  /** A line of text across the table (title, subtitle, section, note). */
  const across = spec.columns.reduce((n, c) => n + (c.hidden ? 0 : (ws.getColumn(at + spec.columns.indexOf(c)).width ?? 8)), 0);
  const banner = (text: string, f: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([]);
    if (readable) row.getCell(1).value = "#";
    row.getCell(at).value = text;
    row.getCell(at).font = font(f);
    // merged cells do not grow by themselves: the height is set for the lines the text wraps to
    row.getCell(at).alignment = { vertical: "top", wrapText: true };
    const scale = (f.size ?? 10) / 10;
    row.height = Math.ceil(14 * scale) * wrappedLines(text, Math.floor(across / scale / (f.bold ? BOLD : 1)));
    if (lastVisible > at) ws.mergeCells(row.number, at, row.number, lastVisible);
    return row;
  };

  banner(spec.title, { bold: true, size: 13 });
  for (const line of spec.subtitle ?? []) banner(line, { italic: true, color: GREY });
  ws.addRow([]);

  const captions = ws.addRow([]);
  if (readable) captions.getCell(1).value = "#";
  spec.columns.forEach((c, i) => {
    const cell = captions.getCell(at + i);
    cell.value = c.caption;
    cell.font = font({ bold: true });
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
    cell.border = BORDER;
  });
  const captionLines = spec.columns.map((c, i) =>
    c.hidden ? 1 : wrappedLines(c.caption, Math.floor(((ws.getColumn(at + i).width ?? 8) - 1) / BOLD)),
  );
  captions.height = 13 * Math.max(...captionLines, 1) + 4;
  if (readable) {
    const names = ws.addRow([]);
    spec.columns.forEach((c, i) => {
      names.getCell(at + i).value = c.name ?? `#${i}`;
    });
    names.hidden = true;
  }
  ws.views = [{ state: "frozen", xSplit: at, ySplit: ws.rowCount }];
  ws.pageSetup.printTitlesRow = `${captions.number}:${ws.rowCount}`;

  for (const r of spec.rows) {
    const style = r.style ?? "data";
    if (style === "section") {
      banner(String(r.cells[0] ?? ""), { bold: true, italic: true });
      continue;
    }
    const row = ws.addRow([]);
    if (readable && style === "total") row.getCell(1).value = "#";
    spec.columns.forEach((c, i) => {
      const cell = row.getCell(at + i);
      cell.value = r.cells[i] ?? null;
      cell.border = BORDER;
      cell.font = font(style === "total" ? { bold: true } : style === "muted" ? { italic: true, color: GREY } : {});
      // a figure column keeps its text ("—") where its numbers are
      if (c.format === "int" || c.format === "pct") cell.alignment = { horizontal: "right" };
    });
  }
  if (spec.notes?.length) ws.addRow([]);
  for (const line of spec.notes ?? []) banner(line, { italic: true, color: GREY });
}

/** The workbook's bytes: each spec one sheet, in order. */
export async function writeWorkbook(sheets: readonly SheetSpec[], locale: NumberLocale): Promise<Buffer> {
  // loaded here, not at start-up: exceljs takes a quarter of a second that most commands never need
  const { default: Excel } = await import("exceljs");
  const book = new Excel.Workbook();
  book.creator = "Sapat";
  for (const s of sheets) addSheet(book, s, locale);
  return Buffer.from(await book.xlsx.writeBuffer());
}
