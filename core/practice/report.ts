// The practice completion report (DOMAIN.md §4): each unit against last year, totals summed
// up the unit tree from counts, never averaged. Units that only have a published rate keep
// it, marked as published, and so does a printed institution total.
import { type Comparison, compare } from "../shared/comparison.ts";
import { type Problem, problem } from "../shared/problem.ts";
import { percent, round1 } from "../shared/rounding.ts";
import { subtreeCodes, type UnitNode } from "../shared/unit-tree.ts";
import type { PracticeCounts } from "./entry.ts";
import type { PracticeKind } from "./kinds.ts";

/** A stored count figure (the current version). */
export interface PracticeCountFigure extends PracticeCounts {
  unit: string;
  year: string;
  kind: PracticeKind;
  /** the day the figure is as of (yyyy-mm-dd), where known */
  asOf?: string;
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
  /** units that have given a practice figure in any year: one of them without this year's is said to be missing */
  reporting?: readonly string[];
}

type Tally = PracticeCounts | null;

const add = (a: Tally, b: Tally): Tally =>
  a === null ? b : b === null ? a : { assigned: a.assigned + b.assigned, completed: a.completed + b.completed };

/**
 * Counts of a unit in a year: its own figures and everything below it, added (`ownOnly`:
 * its own figures alone). Null when nothing there has counts.
 */
function countsOf(input: PracticeReportInput, code: string, year: string, memo: Map<string, Tally>, ownOnly = false): Tally {
  const key = `${code}|${year}|${ownOnly}`;
  if (memo.has(key)) return memo.get(key) as Tally;
  memo.set(key, null); // a cycle in the tree adds nothing
  let tally: Tally = null;
  for (const c of input.counts)
    if (c.unit === code && c.year === year && (!input.kinds || input.kinds.includes(c.kind))) tally = add(tally, c);
  const node = input.units.find((u) => u.code === code);
  if (node && !ownOnly)
    for (const child of input.units) if (child.parentId === node.id) tally = add(tally, countsOf(input, child.code, year, memo));
  memo.set(key, tally);
  return tally;
}

interface Rated {
  counts: Tally;
  rate: number | null;
  source: PracticeSource | null;
}

/**
 * A unit's rate in a year: the rate the report printed when there is one (counts entered
 * for part of it later do not replace it: they are flagged beside it), else its counts.
 */
function rateIn(input: PracticeReportInput, code: string | null, year: string | null, ctx: RowContext, ownOnly = false): Rated {
  if (year === null) return { counts: null, rate: null, source: null };
  const counts = code === null ? sumTop(input, year, ctx.memo) : countsOf(input, code, year, ctx.memo, ownOnly);
  const printed = ownOnly ? undefined : input.published.find((p) => p.unit === code && p.year === year);
  if (printed && code !== null) {
    if (counts && counts.assigned > 0 && year === input.year)
      ctx.flags.push(
        problem("practiceCountsBesidePublished", {
          unit: code,
          printed: printed.value,
          computed: percent(counts.completed, counts.assigned),
        }),
      );
    return { counts: null, rate: printed.value, source: "published" };
  }
  if (counts && counts.assigned > 0) return { counts, rate: percent(counts.completed, counts.assigned), source: "entered" };
  if (printed) return { counts: null, rate: printed.value, source: "published" };
  return { counts, rate: null, source: counts ? "entered" : null };
}

interface RowContext {
  memo: Map<string, Tally>;
  flags: Problem[];
}

function sumTop(input: PracticeReportInput, year: string, memo: Map<string, Tally>): Tally {
  let t: Tally = null;
  for (const u of input.units) if (u.parentId === null) t = add(t, countsOf(input, u.code, year, memo));
  return t;
}

function rowOf(input: PracticeReportInput, code: string | null, ctx: RowContext, ownOnly = false): PracticeRow {
  const now = rateIn(input, code, input.year, ctx, ownOnly);
  const before = rateIn(input, code, input.previousYear, ctx, ownOnly);
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
  const ctx: RowContext = { memo: new Map(), flags: [] };
  const root = input.unit === null ? null : input.units.find((u) => u.code === input.unit);
  const below =
    root === null ? input.units.filter((u) => u.parentId === null) : input.units.filter((u) => u.parentId === root?.id);
  // a unit with nothing below it is its own total
  if (root && !below.length) {
    const row = rowOf(input, root.code, ctx);
    return { year: input.year, unit: input.unit, rows: [row], total: row, flags: ctx.flags };
  }
  const shown = below.map((u) => rowOf(input, u.code, ctx));
  // figures a faculty gave for itself, beside its departments': a row of their own, so the rows add up to the total
  if (root && countsOf(input, root.code, input.year, ctx.memo, true)) shown.unshift(rowOf(input, root.code, ctx, true));
  const rows = shown.filter((r) => r.rate.current !== null || r.rate.previous !== null || r.assigned !== null);
  // a unit is missing when it (or a unit below it) has reported before and has nothing this year
  const reported = (code: string) =>
    (input.reporting ?? []).some((r) => r === code || subtreeCodes(input.units, code)?.includes(r));
  const missing = below
    .filter((u) => reported(u.code) && !rows.some((r) => r.unit === u.code && r.rate.current !== null))
    .map((u) => u.code);
  const total = totalRow(input, rows, ctx, missing);
  return { year: input.year, unit: input.unit, rows, total: total.row, flags: [...ctx.flags, ...total.flags] };
}

/**
 * The total line: the sum of counts when every unit shown has counts; else the printed
 * total when there is one (marked published); else unknown, naming the units with only a
 * printed rate (their counts are not there to add).
 */
function totalRow(
  input: PracticeReportInput,
  rows: readonly PracticeRow[],
  ctx: RowContext,
  missing: readonly string[],
): { row: PracticeRow; flags: Problem[] } {
  const flags: Problem[] = [];
  const counted = rowOf(input, input.unit, ctx);
  const printedNow = input.published.find((p) => p.unit === input.unit && p.year === input.year) ?? null;
  const printedBefore = input.published.find((p) => p.unit === input.unit && p.year === input.previousYear) ?? null;
  const rateOnly = rows.filter((r) => r.source === "published").map((r) => r.unit as string);
  const given = rows.some((r) => r.rate.current !== null);
  if (missing.length && given) flags.push(problem("practiceMissing", { count: missing.length, units: shortList(missing) }));
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

/** The report row a unit's figures roll up into: the unit itself or the row unit above it; null when none. */
export function rowUnitOf(units: readonly UnitNode[], rowUnits: readonly (string | null)[], unit: string): string | null {
  const byId = new Map(units.map((u) => [u.id, u]));
  let at = units.find((u) => u.code === unit);
  for (let steps = 0; at && steps <= units.length; steps++) {
    if (rowUnits.includes(at.code)) return at.code;
    at = at.parentId === null ? undefined : byId.get(at.parentId);
  }
  return null;
}
