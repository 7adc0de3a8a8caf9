// Hostile files for every importer: each import the CLI has, with a real file of that kind
// as the base (data/), then a value put into a cell, or the file broken as files get broken
// (encodings, BOMs, 10 000 columns, a 5 MB line, unbalanced quotes, a zip that is no
// workbook, a truncated workbook, formulas, errors, merged cells, dates, nothing at all).
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readCsv } from "../../bot/io/csv.ts";
import { hostileValue, int, pick, type Random, type ValueKind } from "./values.ts";

const DATA = path.resolve(import.meta.dirname, "../../data");
const read = (file: string) => readFileSync(path.join(DATA, file), "utf8");

/** An importer: the CLI words before the file (the survey's id is filled in at run time), and a file it takes. */
export interface Importer {
  name: string;
  argv: (file: string, surveyId: number) => string[];
  base: string;
  /** takes --yes (writes what it previews) */
  yes: boolean;
}

const PRACTICE =
  "unit,year,kind,assigned,completed,as_of\nТФ,2025-2026,production,50,45,2026-06-01\nЭФ,2025-2026,pre-diploma,30,28,\n";

export const IMPORTERS: Importer[] = [
  { name: "session", argv: (f) => ["import", "session", f], base: read("kstu/kstu-2019-2020-spring-session.csv"), yes: true },
  { name: "totals", argv: (f) => ["import", "totals", f], base: read("kstu/kstu-published-totals.csv"), yes: true },
  {
    name: "figures",
    argv: (f) => ["import", "figures", "--metric", "absolute", "--term", "spring", "--form", "full-time", f],
    base: read("kstu/kstu-previous-year.csv"),
    yes: true,
  },
  {
    name: "figures-practice",
    argv: (f) => ["import", "figures", "--metric", "practice", f],
    base: read("kstu/kstu-practice-2019-2020.csv"),
    yes: true,
  },
  { name: "practice", argv: (f) => ["import", "practice", f], base: PRACTICE, yes: true },
  { name: "units", argv: (f) => ["import", "units", f], base: read("kstu/kstu-units.csv"), yes: false },
  { name: "roster", argv: (f) => ["import", "roster", f], base: read("students/roster-sample.csv"), yes: true },
  { name: "programmes", argv: (f) => ["import", "programmes", f], base: read("accreditation/programmes.csv"), yes: true },
  {
    name: "accreditations",
    argv: (f) => ["import", "accreditations", f],
    base: read("accreditation/accreditations.csv"),
    yes: true,
  },
  { name: "licences", argv: (f) => ["import", "licences", f], base: read("accreditation/licences.csv"), yes: true },
  { name: "agencies", argv: (f) => ["import", "agencies", f], base: read("accreditation/agencies.csv"), yes: true },
  { name: "plan", argv: (f) => ["plan", "import", f], base: read("plans/demo-council-resolution.csv"), yes: true },
  {
    name: "survey responses",
    argv: (f, survey) => ["survey", "responses", String(survey), f],
    base: read("surveys/responses-sample.csv"),
    yes: true,
  },
  { name: "review", argv: (f) => ["review", "summary", f], base: read("reviews/lyceum-review-sample.csv"), yes: false },
];

const quoteCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Lines of a CSV that hold data (not comments, not blank). */
const dataLines = (lines: string[]) => lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() && !l.startsWith("#"));

/** One to four cells of the file replaced by hostile values (the header too, now and then), quoted so each stays one cell. */
export function mutateCells(r: Random, text: string, kind: ValueKind): string {
  const lines = text.split("\n");
  const candidates = dataLines(lines);
  for (let e = int(r, 1, 4); e > 0 && candidates.length; e--) {
    // the header one time in ten, a data line otherwise
    const [line, at] =
      r() < 0.1
        ? (candidates[0] as readonly [string, number])
        : pick(r, candidates.slice(1).length ? candidates.slice(1) : candidates);
    const cells = line.split(",");
    const j = Math.floor(r() * cells.length);
    cells[j] = quoteCell(hostileValue(r, kind));
    lines[at] = cells.join(",");
  }
  return lines.join("\n");
}

/** Windows-1251 bytes of a Cyrillic text (what Excel writes in ky/ru locales). */
function cp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 63;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

function randomBytes(r: Random, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

const header = (base: string) => dataLines(base.split("\n"))[0]?.[0] ?? "";

/** Broken CSVs: every way a file reaches an importer wrong. */
const CSV_SHAPES: [string, (r: Random, base: string) => Buffer][] = [
  ["windows-1251", (_, b) => cp1251(b)],
  ["utf-16le with BOM", (_, b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b, "utf16le")])],
  ["utf-16le without BOM", (_, b) => Buffer.from(b, "utf16le")],
  ["utf-16be", (_, b) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(b, "utf16le").swap16()])],
  ["latin1 of utf-8", (_, b) => Buffer.from(Buffer.from(b).toString("latin1"), "utf8")],
  [
    "invalid utf-8",
    (r, b) => Buffer.concat([Buffer.from(b.slice(0, int(r, 0, b.length))), Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]),
  ],
  ["bom + crlf", (_, b) => Buffer.from(`\ufeff${b.replaceAll("\n", "\r\n")}`)],
  ["two boms", (_, b) => Buffer.from(`\ufeff\ufeff${b}`)],
  ["cr line ends", (_, b) => Buffer.from(b.replaceAll("\n", "\r"))],
  ["10 000 columns", (_, b) => Buffer.from(`${header(b)}${",x".repeat(10_000)}\n${"1,".repeat(10_000)}\n`)],
  ["a 5 MB line", (_, b) => Buffer.from(`${header(b)}\n${"9".repeat(5 * 1024 * 1024)}\n`)],
  ["a 5 MB cell", (_, b) => Buffer.from(`${b.trimEnd()}\n"${"ы".repeat(2_600_000)}"\n`)],
  ["unbalanced quote", (r, b) => Buffer.from(b.replace(",", pick(r, [',"', '",', ',""x"', ","])))],
  ["a quote never closed", (_, b) => Buffer.from(`${b.trimEnd()}\n"open,1,2\n`)],
  ["semicolons", (_, b) => Buffer.from(b.replaceAll(",", ";"))],
  ["tabs", (_, b) => Buffer.from(b.replaceAll(",", "\t"))],
  ["empty", () => Buffer.alloc(0)],
  ["a BOM only", () => Buffer.from("\ufeff")],
  ["blank lines", () => Buffer.from("\n\n\r\n \n")],
  ["comments only", () => Buffer.from("# nothing\n# here\n")],
  ["header only", (_, b) => Buffer.from(`${header(b)}\n`)],
  ["header twice", (_, b) => Buffer.from(`${header(b)}\n${b}`)],
  ["duplicate column", (_, b) => Buffer.from(b.replace(header(b), `${header(b)},${header(b).split(",")[0]}`))],
  ["a column missing", (_, b) => Buffer.from(b.replace(header(b), header(b).split(",").slice(1).join(",")))],
  [
    "every line doubled",
    (_, b) =>
      Buffer.from(
        b
          .split("\n")
          .flatMap((l) => [l, l])
          .join("\n"),
      ),
  ],
  ["5 000 rows", (_, b) => Buffer.from(`${b.trimEnd()}\n${`${dataLines(b.split("\n")).at(-1)?.[0] ?? ""}\n`.repeat(5000)}`)],
  ["commas only", (_, b) => Buffer.from(`${header(b)}\n,,,,,,\n,,,\n`)],
  ["NUL bytes", (_, b) => Buffer.from(b.replaceAll(",", ",\u0000"))],
  ["random bytes", (r) => randomBytes(r, int(r, 1, 4000))],
  ["png", (r) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), randomBytes(r, 200)])],
  ["pdf", () => Buffer.from(`%PDF-1.4\n${"x".repeat(100)}`)],
  ["zip header, random rest", (r) => Buffer.concat([Buffer.from("504b0304", "hex"), randomBytes(r, 300)])],
];

export function brokenCsv(r: Random, base: string): { bytes: Buffer; what: string } {
  const [what, make] = pick(r, CSV_SHAPES);
  return { bytes: make(r, base), what };
}

/** The rows of a CSV as cells (numbers as numbers, as Excel keeps them), read as the importers read it. */
function rowsOf(base: string): (string | number)[][] {
  const table = readCsv(base);
  if ("code" in table) return [];
  const cell = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  return [table.header, ...table.records.map((r) => table.header.map((h) => cell(r.values[h] ?? "")))];
}

async function workbookOf(rows: (string | number | ExcelJS.CellValue)[][], also?: (ws: ExcelJS.Worksheet) => void) {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("Sheet1");
  for (const row of rows) ws.addRow(row);
  also?.(ws);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A cell's value as a workbook holds it in ways a CSV cannot: a formula, an error, a date, rich text, a link. */
function oddCell(r: Random, cell: string | number): ExcelJS.CellValue {
  const value = String(cell);
  return pick<() => ExcelJS.CellValue>(r, [
    () => ({ formula: "1/0", result: { error: "#DIV/0!" } }),
    () => ({ formula: "A1+B1", result: Number(value) || 0 }),
    () => ({ formula: "NOW()" }) as ExcelJS.CellValue,
    () => ({ error: pick(r, ["#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]) }) as ExcelJS.CellValue,
    () => new Date(int(r, -1e12, 4e12)),
    () => new Date(Number.NaN),
    () => ({ richText: [{ text: value.slice(0, 2), font: { bold: true } }, { text: value.slice(2) }] }),
    () => ({ text: value, hyperlink: "http://example.invalid/" }),
    () => r() < 0.5,
    () => Number(value) * 1e300,
    () => -0,
    () => 2 ** 53 + 1,
    () => value,
  ])();
}

let bombs: Promise<Buffer>[] | undefined;

/** A workbook whose sheet unpacks to 200 MB (made once: it takes seconds), its directory honest or lying. */
function bomb(lying: boolean): Promise<Buffer> {
  bombs ??= [false, true].map(async (lie) => {
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const zip = await JSZip.loadAsync(await workbookOf([["a"]]));
    zip.file(
      "xl/worksheets/sheet1.xml",
      `<worksheet><sheetData>${row.repeat((200 * 1024 * 1024) / row.length)}</sheetData></worksheet>`,
    );
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    if (lie) {
      const directory = bytes.readUInt32LE(bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
      const name = bytes.indexOf("xl/worksheets/sheet1.xml", directory);
      bytes.writeUInt32LE(100, bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), name) + 24);
    }
    return bytes;
  });
  return bombs[lying ? 1 : 0] as Promise<Buffer>;
}

/** Broken workbooks: not a workbook, cut short, empty, or a workbook of formulas, errors, merges and dates. */
const XLSX_SHAPES: [string, (r: Random, base: string) => Promise<Buffer>][] = [
  ["the file as a workbook", async (_, b) => workbookOf(rowsOf(b))],
  [
    "formulas, errors, dates",
    async (r, b) => workbookOf(rowsOf(b).map((row, i) => (i === 0 ? row : row.map((c) => (r() < 0.3 ? oddCell(r, c) : c))))),
  ],
  [
    "merged cells",
    async (r, b) =>
      workbookOf(rowsOf(b), (ws) => {
        for (let m = int(r, 1, 6); m > 0; m--) {
          const top = int(r, 1, Math.max(1, ws.rowCount));
          const left = int(r, 1, 6);
          try {
            ws.mergeCells(top, left, top + int(r, 0, 3), left + int(r, 0, 3));
          } catch {
            // overlapping an earlier merge: skipped
          }
        }
      }),
  ],
  [
    "an empty first sheet",
    async (_, b) => {
      const book = new ExcelJS.Workbook();
      book.addWorksheet("empty");
      const ws = book.addWorksheet("data");
      for (const row of rowsOf(b)) ws.addRow(row);
      return Buffer.from(await book.xlsx.writeBuffer());
    },
  ],
  ["no sheet", async () => Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer())],
  [
    "numbers as huge floats",
    async (r, b) =>
      workbookOf(
        rowsOf(b).map((row, i) => (i === 0 ? row : row.map((c) => (typeof c === "number" ? c * 10 ** int(r, 10, 308) : c)))),
      ),
  ],
  ["16 000 columns", async (_, b) => workbookOf([...rowsOf(b).slice(0, 1), Array.from({ length: 16_000 }, (_, i) => i)])],
  [
    "truncated",
    async (r, b) => {
      const whole = await workbookOf(rowsOf(b));
      return whole.subarray(0, int(r, 4, whole.length - 1));
    },
  ],
  [
    "bytes flipped",
    async (r, b) => {
      const whole = Buffer.from(await workbookOf(rowsOf(b)));
      for (let k = int(r, 1, 20); k > 0; k--) whole[int(r, 0, whole.length - 1)] = int(r, 0, 255);
      return whole;
    },
  ],
  [
    "a zip that is no workbook",
    async (r) => {
      const zip = new JSZip();
      zip.file("readme.txt", "not a workbook");
      if (r() < 0.5) zip.file("[Content_Types].xml", "<Types/>");
      if (r() < 0.5) zip.file("xl/workbook.xml", "<workbook><sheets><sheet name='x' r:id='rId9'/></sheets></workbook>");
      return zip.generateAsync({ type: "nodebuffer" });
    },
  ],
  [
    "a sheet of broken XML",
    async (_, b) => {
      const zip = await JSZip.loadAsync(await workbookOf(rowsOf(b)));
      zip.file("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>99999</v></c></row>");
      return zip.generateAsync({ type: "nodebuffer" });
    },
  ],
  ["a zip bomb (a sheet of 200 MB)", async () => bomb(false)],
  ["a zip bomb whose directory says 100 bytes", async () => bomb(true)],
  ["0 bytes", async () => Buffer.alloc(0)],
];

export async function brokenXlsx(r: Random, base: string): Promise<{ bytes: Buffer; what: string }> {
  const [what, make] = pick(r, XLSX_SHAPES);
  return { bytes: await make(r, base), what };
}
