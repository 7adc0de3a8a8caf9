// The published session table as an export lays it out: per form, its units' lines and the
// form's total line, then the grand total when there are several forms; beside each
// recomputed figure, the published one where the two differ (the flags say where), so a
// reader sees both without the product "fixing" either.
import type { Metrics } from "./achievement.ts";
import type { Flag } from "./consistency.ts";
import { type Form, NO_REPORTED, type ReportedFigures, type SessionCounts, type UnitKind } from "./domain.ts";
import { type ReportRow, type SessionReport, totalScope } from "./report.ts";

export const BESIDE_FIELDS = ["absolute", "quality", "debtors", "debtorShare"] as const;
export type BesideField = (typeof BESIDE_FIELDS)[number];
/** Published figures that differ from the recomputed ones (or have nothing recomputed to compare with). */
export type Beside = Partial<Record<BesideField, number>>;

export interface TableLine extends Metrics {
  /** null on a total line */
  unit: string | null;
  unitKind: UnitKind | null;
  /** null on the grand total over both forms */
  form: Form | null;
  countedInTotal: boolean;
  counts: SessionCounts;
  /** as the source printed them (a unit's line; none on total lines) */
  reported: ReportedFigures;
  courseAbsolute: Readonly<Record<string, number>>;
  beside: Beside;
}

export interface TableSection {
  form: Form;
  lines: TableLine[];
  total: TableLine;
}

export interface PublishedTable {
  sections: TableSection[];
  /** the total over every section; null with one section (its total is the table's) */
  total: TableLine | null;
}

const isBesideField = (f: unknown): f is BesideField => (BESIDE_FIELDS as readonly unknown[]).includes(f);

/** A unit's published figures that a flag says do not match, and those nothing recomputed can check. */
export function rowBeside(row: ReportRow, flags: readonly Flag[]): Beside {
  const out: Beside = {};
  for (const f of flags) {
    if (f.unit !== row.unit || f.form !== row.form || f.course) continue;
    if (f.code !== "reported-percent-mismatch" && f.code !== "reported-count-mismatch") continue;
    if (isBesideField(f.params.field)) out[f.params.field] = f.params.reported as number;
  }
  for (const field of BESIDE_FIELDS) {
    const published = row.reported[field];
    if (published !== null && row[field] === null) out[field] = published;
  }
  return out;
}

const sameKinds = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((k) => b.includes(k));

/**
 * A total line's published figures that differ: those of a printed total covering exactly
 * what the line sums (its form, the report's unit kinds, no narrower unit selection).
 */
export function totalBeside(report: SessionReport): Beside {
  const out: Beside = {};
  const s = report.selection;
  if (s.units) return out;
  for (const f of report.flags) {
    if (f.code !== "total-percent-mismatch" && f.code !== "total-count-mismatch") continue;
    const scope = totalScope(String(f.params.scope));
    if (!scope || scope.form !== s.form || !sameKinds(scope.kinds, s.kinds)) continue;
    if (isBesideField(f.params.field)) out[f.params.field] = f.params.printed as number;
  }
  return out;
}

function unitLine(r: ReportRow, flags: readonly Flag[]): TableLine {
  return { ...r, beside: rowBeside(r, flags) };
}

function totalLine(report: SessionReport, form: Form | null): TableLine {
  return {
    ...report.total,
    unit: null,
    unitKind: null,
    form,
    countedInTotal: true,
    counts: report.totalCounts,
    reported: NO_REPORTED,
    courseAbsolute: {},
    beside: totalBeside(report),
  };
}

/**
 * `all` is the report over the whole selection, `byForm` the same selection one form at a
 * time (each report's own total and printed totals); forms without rows are left out.
 */
export function publishedTable(all: SessionReport, byForm: readonly SessionReport[]): PublishedTable {
  const sections = byForm
    .filter((r) => r.rows.length && r.selection.form)
    .map((r) => ({
      form: r.selection.form as Form,
      lines: r.rows.map((row) => unitLine(row, all.flags)),
      total: totalLine(r, r.selection.form as Form),
    }));
  return { sections, total: sections.length > 1 ? totalLine(all, null) : null };
}
