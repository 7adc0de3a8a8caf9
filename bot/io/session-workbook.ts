// A session export as a workbook: the published table on the first sheet — units as rows,
// the counts, absolute and quality achievement, debtors and their share, a total line per
// form, the published figure beside the recomputed one where they differ — and the flags
// on the second. The first sheet reads back as a session import: its hidden columns hold
// the period, form, unit kind and the published figures (per course too), so importing
// an export changes nothing; recomputed figures are comment columns.
import {
  BESIDE_FIELDS,
  type BesideField,
  COUNT_FIELDS,
  type CountField,
  type Flag,
  type Form,
  type PublishedTable,
  type SessionSelection,
  type TableLine,
} from "../../core/index.ts";
import type { CellValue, SheetColumn, SheetRow, SheetSpec } from "./xlsx-writer.ts";

/** The columns a session import reads, by the core's count names (previews name changes by them too). */
export const COUNT_COLUMNS: Record<CountField, string> = {
  enrolled: "enrolled",
  admitted: "admitted",
  notAdmittedExcused: "not_admitted_excused",
  notAdmittedUnexcused: "not_admitted_unexcused",
  passedAll: "passed_all",
  excellentOnly: "excellent_only",
  excellentGood: "excellent_good",
  mixed: "mixed",
  satisfactoryOnly: "satisfactory_only",
  debts1: "debts_1",
  debts2: "debts_2",
  debts3plus: "debts_3plus",
  noShow: "no_show",
};
export const REPORTED_COLUMNS: Record<BesideField, string> = {
  absolute: "absolute_reported",
  quality: "quality_reported",
  debtors: "debtors_reported",
  debtorShare: "debtor_share_reported",
};
/** Printed in every table, even when a source gives none of them. */
const ALWAYS: readonly CountField[] = ["enrolled", "admitted", "passedAll"];

export type SessionColumn = "unit" | CountField | BesideField | "published";

/** What the trigger words: captions, headings and the flags' sentences in the user's language. */
export interface SessionWorkbookWords {
  sheet: string;
  title: string;
  subtitle: readonly string[];
  caption: (column: SessionColumn) => string;
  section: (form: Form) => string;
  total: (form: Form | null) => string;
  /** the footnote under a table with lines left out of the totals */
  notCounted: string;
  flagsSheet: string;
  flagsTitle: string;
  flagCaptions: readonly [unit: string, where: string, message: string];
  flagWhere: (f: Flag) => string;
  flagText: (f: Flag) => string;
  noFlags: string;
}

interface Column extends SheetColumn {
  cell: (line: TableLine) => CellValue;
}

const allLines = (t: PublishedTable) => [...t.sections.flatMap((s) => [...s.lines, s.total]), ...(t.total ? [t.total] : [])];

function columns(table: PublishedTable, s: SessionSelection, w: SessionWorkbookWords): Column[] {
  const lines = allLines(table);
  const courses = [...new Set(lines.flatMap((l) => Object.keys(l.courseAbsolute)))].sort();
  const counts = COUNT_FIELDS.filter((f) => ALWAYS.includes(f) || lines.some((l) => l.counts[f] !== null));
  const figure = (f: BesideField): Column[] => [
    // "—": nothing to compute from (a blank would read as "not filled in")
    { caption: w.caption(f), name: `#${f}`, format: f === "debtors" ? "int" : "pct", cell: (l) => l[f] ?? "—" },
    // the published figure, only where some line's differs
    ...(lines.some((l) => l.beside[f] !== undefined)
      ? [
          {
            caption: `${w.caption(f)}\n(${w.caption("published")})`,
            name: `#${f}_published`,
            format: f === "debtors" ? ("int" as const) : ("pct" as const),
            cell: (l: TableLine) => l.beside[f] ?? null,
          },
        ]
      : []),
  ];
  const hidden = (name: string, cell: Column["cell"]): Column => ({ caption: name, name, hidden: true, cell });
  return [
    { caption: w.caption("unit"), name: "unit", cell: (l) => l.unit ?? w.total(l.form) },
    ...counts.map((f): Column => ({ caption: w.caption(f), name: COUNT_COLUMNS[f], format: "int", cell: (l) => l.counts[f] })),
    ...BESIDE_FIELDS.flatMap(figure),
    hidden("year", () => s.year),
    hidden("term", () => s.term),
    hidden("stage", () => s.stage),
    hidden("form", (l) => l.form),
    hidden("unit_kind", (l) => l.unitKind),
    hidden("counted_in_total", (l) => (l.countedInTotal ? "yes" : "no")),
    ...BESIDE_FIELDS.map((f) => hidden(REPORTED_COLUMNS[f], (l) => l.reported[f])),
    ...courses.map((c) => hidden(`course${c}_abs`, (l) => l.courseAbsolute[c] ?? null)),
  ];
}

function tableSheet(table: PublishedTable, s: SessionSelection, w: SessionWorkbookWords): SheetSpec {
  const cols = columns(table, s, w);
  const line = (l: TableLine, style: SheetRow["style"]): SheetRow => ({ cells: cols.map((c) => c.cell(l)), style });
  const rows: SheetRow[] = [];
  const several = table.sections.length > 1;
  for (const section of table.sections) {
    if (several) rows.push({ cells: [w.section(section.form)], style: "section" });
    for (const l of section.lines) rows.push(line(l, l.countedInTotal ? "data" : "muted"));
    rows.push(line(section.total, "total"));
  }
  if (table.total) rows.push(line(table.total, "total"));
  const leftOut = table.sections.some((x) => x.lines.some((l) => !l.countedInTotal));
  return {
    name: w.sheet,
    title: w.title,
    subtitle: w.subtitle,
    columns: cols.map(({ cell: _, ...c }) => c),
    rows,
    ...(leftOut ? { notes: [w.notCounted] } : {}),
  };
}

function flagsSheet(flags: readonly Flag[], w: SessionWorkbookWords): SheetSpec {
  const [unit, where, message] = w.flagCaptions;
  return {
    name: w.flagsSheet,
    title: w.flagsTitle,
    columns: [{ caption: unit }, { caption: where }, { caption: message, width: 90 }],
    rows: flags.map((f) => ({ cells: [f.unit ?? "", w.flagWhere(f), w.flagText(f)] })),
    ...(flags.length ? {} : { notes: [w.noFlags] }),
  };
}

export function sessionWorkbook(
  e: { table: PublishedTable; selection: SessionSelection; flags: readonly Flag[] },
  words: SessionWorkbookWords,
): SheetSpec[] {
  return [tableSheet(e.table, e.selection, words), flagsSheet(e.flags, words)];
}
