// The summary table as printed on the report's last page, typed in, against the one computed
// from the criteria: the product's habit is to reproduce the print and say where it is wrong.
// "-" in a count means 0, as reports print it.
import { isTotalLabel } from "../shared/names.ts";
import { parseStandard } from "./criteria.ts";
import type { ReviewIssue } from "./review.ts";
import type { Counts, ReviewSummary } from "./summary.ts";

export interface PrintedRow {
  line: number;
  standard: string;
  criteria: string;
  meets: string;
  partial: string;
  notMeets: string;
  /** absent when the print has no such column */
  fulfilled?: string;
}

export const PRINTED_COLUMNS = ["criteria", "meets", "partial", "notMeets", "fulfilled"] as const;
export type PrintedColumn = (typeof PRINTED_COLUMNS)[number] | "standard";

/** A cell where print and computation disagree; a standard only one side has is column "standard". */
export interface PrintedDifference {
  /** the printed table's line (0: a standard the print leaves out) */
  line: number;
  /** the standard's label, or null for the total line */
  standard: string | null;
  column: PrintedColumn;
  printed: number | boolean | string | null;
  computed: number | boolean | string | null;
}

const DASH = /^[-‐‑‒–—―]$/;

function count(raw: string): number | null {
  const s = raw.trim();
  if (s === "" || DASH.test(s)) return 0;
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

const YES = new Set(["yes", "y", "+", "true", "1", "ооба", "да", "аткарылды", "выполнено", "выполнен", "fulfilled", "met"]);
const NO = new Set([
  "no",
  "n",
  "-",
  "false",
  "0",
  "жок",
  "нет",
  "аткарылган жок",
  "не выполнено",
  "не выполнен",
  "not fulfilled",
]);

function yesNo(raw: string): boolean | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, " ");
  if (YES.has(s)) return true;
  if (NO.has(s) || DASH.test(s)) return false;
  return null;
}

type Parsed = { line: number; standard: string | null; counts: Counts; fulfilled: boolean | null };

function parseRow(r: PrintedRow, errors: ReviewIssue[]): Parsed | null {
  const counts: Partial<Counts> = {};
  for (const k of ["criteria", "meets", "partial", "notMeets"] as const) {
    const n = count(r[k]);
    if (n === null) errors.push({ line: r.line, code: "reviewPrintedNotCount", params: { column: k, value: r[k] } });
    else counts[k] = n;
  }
  const fulfilled = r.fulfilled === undefined || r.fulfilled.trim() === "" ? null : yesNo(r.fulfilled);
  if (r.fulfilled !== undefined && r.fulfilled.trim() !== "" && fulfilled === null)
    errors.push({ line: r.line, code: "reviewPrintedNotYesNo", params: { value: r.fulfilled } });
  if (Object.keys(counts).length < 4) return null;
  const standard = isTotalLabel(r.standard) ? null : r.standard;
  return { line: r.line, standard, counts: counts as Counts, fulfilled };
}

export type ComparedPrint = { ok: true; differences: PrintedDifference[] } | { ok: false; errors: ReviewIssue[] };

export function comparePrinted(summary: ReviewSummary, printed: readonly PrintedRow[]): ComparedPrint {
  const errors: ReviewIssue[] = [];
  const rows = printed.flatMap((r) => parseRow(r, errors) ?? []);
  if (errors.length) return { ok: false, errors };
  const computed = new Map(summary.standards.map((s) => [parseStandard(s.standard)?.key ?? s.standard, s]));
  const differences: PrintedDifference[] = [];
  const matched = new Set<string>();
  const cells = (p: Parsed, label: string | null, c: Counts & { fulfilled?: boolean }) => {
    for (const k of ["criteria", "meets", "partial", "notMeets"] as const)
      if (p.counts[k] !== c[k])
        differences.push({ line: p.line, standard: label, column: k, printed: p.counts[k], computed: c[k] });
    if (p.fulfilled !== null && c.fulfilled !== undefined && p.fulfilled !== c.fulfilled)
      differences.push({ line: p.line, standard: label, column: "fulfilled", printed: p.fulfilled, computed: c.fulfilled });
  };
  for (const p of rows) {
    if (p.standard === null) {
      cells(p, null, summary.total);
      continue;
    }
    const key = parseStandard(p.standard)?.key ?? p.standard;
    const s = computed.get(key);
    if (!s) {
      differences.push({ line: p.line, standard: p.standard, column: "standard", printed: p.standard, computed: null });
      continue;
    }
    matched.add(key);
    cells(p, s.standard, s);
  }
  for (const [key, s] of computed)
    if (!matched.has(key))
      differences.push({ line: 0, standard: s.standard, column: "standard", printed: null, computed: s.standard });
  return { ok: true, differences };
}
