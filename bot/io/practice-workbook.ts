// A practice export as a workbook: the published table on the first sheet — units as rows
// with this year's rate, last year's and the change, and the total line, each saying
// whether it is a sum of counts or a rate as printed — with every stored figure (unit ×
// kind) of the year as a line above its unit's, so the first sheet reads back as a
// practice import; the flags on the second.
import {
  PRACTICE_KINDS,
  type PracticeCountFigure,
  type PracticeKind,
  type PracticeReport,
  type PracticeRow,
  percent,
  totalIsRow,
} from "../../core/index.ts";
import type { SheetColumn, SheetRow, SheetSpec } from "./xlsx-writer.ts";

/** The report and each row's stored figures of the year (bot/app/practice/practice-export.ts). */
export interface PracticeExport {
  institution: { code: string };
  report: PracticeReport;
  figures: ReadonlyMap<string, readonly PracticeCountFigure[]>;
}

export type PracticeColumn = "unit" | "kind" | "assigned" | "completed" | "rate" | "previousRate" | "changePp" | "source";

/** What the trigger words, in the user's language. */
export interface PracticeWorkbookWords {
  sheet: string;
  title: string;
  subtitle: readonly string[];
  caption: (column: PracticeColumn) => string;
  /** a kind as the import reads it back (ky/ru/en words) */
  kind: (kind: PracticeKind) => string;
  allKinds: string;
  source: (source: PracticeRow["source"]) => string;
  total: (unit: string | null) => string;
  notes: readonly string[];
  flagsSheet: string;
  flagsTitle: string;
  flagCaption: string;
  flags: readonly string[];
  noFlags: string;
}

/** Caption key, the column name an import reads ("#…": for people only), format. */
const COLUMNS: readonly [PracticeColumn, string, SheetColumn["format"]][] = [
  ["unit", "unit", "text"],
  ["kind", "kind", "text"],
  ["assigned", "assigned", "int"],
  ["completed", "completed", "int"],
  ["rate", "#rate", "pct"],
  ["previousRate", "#previous_rate", "pct"],
  ["changePp", "#change_pp", "pct"],
  ["source", "#source", "text"],
];

// "—": nothing to compute from (a blank would read as "not filled in")
const dash = (v: number | null) => v ?? "—";

function tableSheet(e: PracticeExport, w: PracticeWorkbookWords): SheetSpec {
  const { report } = e;
  const year = report.year;
  const figureLine = (f: PracticeCountFigure): SheetRow => ({
    cells: [
      f.unit,
      w.kind(f.kind),
      f.assigned,
      f.completed,
      dash(percent(f.completed, f.assigned)),
      null,
      null,
      w.source("entered"),
      year,
      f.asOf ?? "",
    ],
  });
  const rowLine = (r: PracticeRow, name: string): SheetRow => ({
    cells: [
      name,
      w.allKinds,
      r.assigned,
      r.completed,
      dash(r.rate.current),
      dash(r.rate.previous),
      r.rate.changePp,
      w.source(r.source),
      year,
      "",
    ],
    style: "total",
  });
  const byKind = (a: PracticeCountFigure, b: PracticeCountFigure) =>
    a.unit.localeCompare(b.unit) || PRACTICE_KINDS.indexOf(a.kind) - PRACTICE_KINDS.indexOf(b.kind);
  const rows: SheetRow[] = [];
  for (const r of report.rows) {
    const own = [...(e.figures.get(r.unit ?? "") ?? [])].sort(byKind);
    rows.push(...own.map(figureLine), rowLine(r, r.unit ?? e.institution.code));
  }
  if (!totalIsRow(report)) rows.push(rowLine(report.total, w.total(report.unit)));
  const columns: SheetColumn[] = [
    ...COLUMNS.map(([c, name, format]): SheetColumn => ({ caption: w.caption(c), name, ...(format ? { format } : {}) })),
    { caption: "year", name: "year", hidden: true },
    { caption: "as_of", name: "as_of", hidden: true },
  ];
  return { name: w.sheet, title: w.title, subtitle: w.subtitle, columns, rows, notes: w.notes };
}

function flagsSheet(w: PracticeWorkbookWords): SheetSpec {
  return {
    name: w.flagsSheet,
    title: w.flagsTitle,
    columns: [{ caption: w.flagCaption, width: 100 }],
    rows: w.flags.map((f): SheetRow => ({ cells: [f] })),
    ...(w.flags.length ? {} : { notes: [w.noFlags] }),
  };
}

export function practiceWorkbook(e: PracticeExport, words: PracticeWorkbookWords): SheetSpec[] {
  return [tableSheet(e, words), flagsSheet(words)];
}
