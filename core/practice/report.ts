// The practice completion report (DOMAIN.md §4): each unit against last year, totals summed
// up the unit tree from counts, never averaged. Units that only have a published rate keep
// it, marked as published, and so does a printed institution total.
import { type Comparison, compare } from "../shared/comparison.ts";
import { type Problem, problem } from "../shared/problem.ts";
import { percent, round1 } from "../shared/rounding.ts";
import type { UnitNode } from "../shared/unit-tree.ts";
import type { PracticeCounts } from "./entry.ts";
import type { PracticeKind } from "./kinds.ts";

/** A stored count figure (the current version). */
export interface PracticeCountFigure extends PracticeCounts {
  unit: string;
  year: string;
  kind: PracticeKind;
}

/** A published rate with no counts behind it; unit null = the institution's printed total. */
export interface PracticeRateFigure {
  unit: string | null;
  year: string;
  value: number;
}

export type PracticeSource = "entered" | "published";

export interface PracticeRow {
  /** null: the institution */
  unit: string | null;
  assigned: number | null;
  completed: number | null;
  rate: Comparison;
  /** where this year's rate comes from: a sum of counts, or a rate as printed; null when unknown */
  source: PracticeSource | null;
  /** where last year's comes from */
  previousSource: PracticeSource | null;
}

export interface PracticeReport {
  year: string;
  /** the unit the report is of (its total line); null = the institution */
  unit: string | null;
  rows: PracticeRow[];
  total: PracticeRow;
  /** what the reader should know about the totals (a printed mean, a total that differs, units left out) */
  flags: Problem[];
}

export interface PracticeReportInput {
  year: string;
  previousYear: string | null;
  /** null = the institution */
  unit: string | null;
  /** the institution's units in display order */
  units: readonly UnitNode[];
  counts: readonly PracticeCountFigure[];
  published: readonly PracticeRateFigure[];
  /** only these kinds (default: all) */
  kinds?: readonly PracticeKind[];
}

type Tally = PracticeCounts | null;

const add = (a: Tally, b: Tally): Tally =>
  a === null ? b : b === null ? a : { assigned: a.assigned + b.assigned, completed: a.completed + b.completed };

/**
 * Counts of a unit in a year: for each kind, the unit's own figure when it gave one (it
 * stands for everything below it), else the sum of its children's. Null when nothing below
 * it has counts.
 */
function countsOf(input: PracticeReportInput, code: string, year: string, memo: Map<string, Tally>): Tally {
  const key = `${code}|${year}`;
  if (memo.has(key)) return memo.get(key) as Tally;
  memo.set(key, null); // a cycle in the tree adds nothing
  const node = input.units.find((u) => u.code === code);
  const children = node ? input.units.filter((u) => u.parentId === node.id) : [];
  const own = input.counts.filter((c) => c.unit === code && c.year === year && (!input.kinds || input.kinds.includes(c.kind)));
  const ownKinds = new Set(own.map((c) => c.kind));
  let tally: Tally = null;
  for (const c of own) tally = add(tally, c);
  for (const child of children) {
    const below = countsByKind(input, child.code, year, ownKinds, memo);
    tally = add(tally, below);
  }
  memo.set(key, tally);
  return tally;
}

/** A child's counts without the kinds its parent gave itself. */
function countsByKind(
  input: PracticeReportInput,
  code: string,
  year: string,
  skip: ReadonlySet<PracticeKind>,
  memo: Map<string, Tally>,
): Tally {
  if (!skip.size) return countsOf(input, code, year, memo);
  const kinds = (input.kinds ?? (["introductory", "educational-production", "production", "pre-diploma"] as const)).filter(
    (k) => !skip.has(k),
  );
  if (!kinds.length) return null;
  return countsOf({ ...input, kinds }, code, year, new Map());
}

function rateIn(input: PracticeReportInput, code: string | null, year: string | null, memo: Map<string, Tally>) {
  if (year === null) return { counts: null, rate: null, source: null };
  const counts = code === null ? sumTop(input, year, memo) : countsOf(input, code, year, memo);
  if (counts && counts.assigned > 0)
    return { counts, rate: percent(counts.completed, counts.assigned), source: "entered" as const };
  const printed = input.published.find((p) => p.unit === code && p.year === year);
  if (printed) return { counts: null, rate: printed.value, source: "published" as const };
  return { counts, rate: null, source: counts ? ("entered" as const) : null };
}

function sumTop(input: PracticeReportInput, year: string, memo: Map<string, Tally>): Tally {
  let t: Tally = null;
  for (const u of input.units) if (u.parentId === null) t = add(t, countsOf(input, u.code, year, memo));
  return t;
}

function rowOf(input: PracticeReportInput, code: string | null, memo: Map<string, Tally>): PracticeRow {
  const now = rateIn(input, code, input.year, memo);
  const before = rateIn(input, code, input.previousYear, memo);
  return {
    unit: code,
    assigned: now.counts?.assigned ?? null,
    completed: now.counts?.completed ?? null,
    rate: compare(now.rate, before.rate),
    source: now.source,
    previousSource: before.source,
  };
}

export function practiceReport(input: PracticeReportInput): PracticeReport {
  const memo = new Map<string, Tally>();
  const root = input.unit === null ? null : input.units.find((u) => u.code === input.unit);
  const below =
    root === null ? input.units.filter((u) => u.parentId === null) : input.units.filter((u) => u.parentId === root?.id);
  const shown = (below.length ? below : root ? [root] : []).map((u) => rowOf(input, u.code, memo));
  const rows = shown.filter((r) => r.rate.current !== null || r.rate.previous !== null || r.assigned !== null);
  // a unit with nothing below it is its own total
  if (root && !below.length) return { year: input.year, unit: input.unit, rows, total: rowOf(input, root.code, memo), flags: [] };
  const total = totalRow(input, rows, memo);
  return { year: input.year, unit: input.unit, rows, total: total.row, flags: total.flags };
}

/**
 * The total line: the sum of counts when every unit shown has counts; else the printed
 * total when there is one (marked published); else unknown, naming the units with only a
 * printed rate (their counts are not there to add).
 */
function totalRow(
  input: PracticeReportInput,
  rows: readonly PracticeRow[],
  memo: Map<string, Tally>,
): { row: PracticeRow; flags: Problem[] } {
  const flags: Problem[] = [];
  const counted = rowOf(input, input.unit, memo);
  const printedNow = input.published.find((p) => p.unit === input.unit && p.year === input.year) ?? null;
  const printedBefore = input.published.find((p) => p.unit === input.unit && p.year === input.previousYear) ?? null;
  const rateOnly = rows.filter((r) => r.source === "published").map((r) => r.unit as string);
  const missing = rows.filter((r) => r.source === null).map((r) => r.unit as string);
  if (missing.length && rows.length > missing.length)
    flags.push(problem("practiceMissing", { count: missing.length, units: shortList(missing) }));
  if (!rateOnly.length && counted.source === "entered") {
    if (printedNow && counted.rate.current !== null && Math.abs(printedNow.value - counted.rate.current) >= 0.05)
      flags.push(problem("practiceTotalDiffers", { printed: printedNow.value, computed: counted.rate.current }));
    return { row: counted, flags };
  }
  if (printedNow) {
    const mean = meanOf(rows.map((r) => r.rate.current));
    if (mean !== null && rateOnly.length === rows.length)
      flags.push(
        Math.abs(mean - printedNow.value) < 0.5
          ? problem("practiceTotalIsMean", { printed: printedNow.value, mean })
          : problem("practiceTotalNotMean", { printed: printedNow.value, mean }),
      );
    return {
      row: {
        unit: input.unit,
        assigned: null,
        completed: null,
        rate: compare(printedNow.value, printedBefore?.value ?? counted.rate.previous),
        source: "published",
        previousSource: printedBefore ? "published" : counted.previousSource,
      },
      flags,
    };
  }
  if (rateOnly.length) flags.push(problem("practiceTotalIncomplete", { units: rateOnly.join(", ") }));
  return {
    row: { ...counted, rate: compare(null, counted.rate.previous), source: null, assigned: null, completed: null },
    flags,
  };
}

/** At most five names, then "…" (a hundred departments would fill the screen). */
function shortList(items: readonly string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(", ")}, …` : items.join(", ");
}

function meanOf(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? round1(known.reduce((a, b) => a + b, 0) / known.length) : null;
}

/** Whether the report is of a unit with nothing below it: its one row is its own total. */
export function totalIsRow(report: PracticeReport): boolean {
  return report.rows.length === 1 && report.rows[0]?.unit === report.unit;
}
