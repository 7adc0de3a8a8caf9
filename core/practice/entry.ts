// One practice figure as a head submits it (DOMAIN.md §4): what is checked before it is
// stored, and what is shown before it is confirmed.
import { changePp } from "../shared/comparison.ts";
import { type Problem, problem } from "../shared/problem.ts";
import { percent } from "../shared/rounding.ts";
import type { PracticeKind } from "./kinds.ts";

/** Counts of one unit × year × kind. */
export interface PracticeCounts {
  assigned: number;
  completed: number;
}

export interface PracticeEntry extends PracticeCounts {
  unit: string;
  year: string;
  kind: PracticeKind;
  /** yyyy-mm-dd */
  asOf: string;
}

/** Largest count a unit may report: a whole university has tens of thousands of students, never millions. */
export const MAX_PRACTICE_COUNT = 100_000;

/** Why the counts cannot be stored (empty when they can). */
export function practiceCountProblems(c: PracticeCounts): Problem[] {
  const out: Problem[] = [];
  for (const field of ["assigned", "completed"] as const) {
    const v = c[field];
    if (!Number.isInteger(v) || v < 0) out.push(problem("practiceNotCount", { field, value: String(v) }));
    else if (v > MAX_PRACTICE_COUNT) out.push(problem("practiceTooLarge", { field, value: v, max: MAX_PRACTICE_COUNT }));
  }
  if (!out.length && c.completed > c.assigned)
    out.push(problem("practiceCompletedOverAssigned", { completed: c.completed, assigned: c.assigned }));
  return out;
}

/** Rate = completed / assigned, one decimal; null when nobody was assigned. */
export function practiceCountsRate(c: PracticeCounts): number | null {
  return percent(c.completed, c.assigned);
}

/** What the head sees before confirming: the rate, last year's, the change. */
export interface PracticePreview {
  rate: number | null;
  previousRate: number | null;
  changePp: number | null;
  /** the figure this one replaces (a correction), if any */
  replaces: PracticeCounts | null;
  /** set when the figure is far from last year's: asked "are you sure?" before saving */
  unusual: Problem | null;
}

/** A rate change beyond this many points, or a count this many times larger or smaller, is asked about. */
export const UNUSUAL_PP = 30;
export const UNUSUAL_FACTOR = 3;

/**
 * Whether a figure is far from last year's: the rate moved more than 30 points, or the
 * assigned count is three times larger or smaller. Null when it is not (or there is no last year).
 */
export function unusualChange(next: PracticeCounts, last: PracticeCounts | null, lastRate: number | null): Problem | null {
  const rate = practiceCountsRate(next);
  const pp = changePp(rate, lastRate);
  if (pp !== null && Math.abs(pp) > UNUSUAL_PP)
    return problem("practiceUnusualRate", { rate, previous: lastRate, pp: Math.abs(pp) });
  if (last && last.assigned > 0 && next.assigned > 0) {
    const factor = next.assigned / last.assigned;
    if (factor >= UNUSUAL_FACTOR || factor <= 1 / UNUSUAL_FACTOR)
      return problem("practiceUnusualCount", { assigned: next.assigned, lastAssigned: last.assigned });
  }
  return null;
}

export function practicePreview(
  next: PracticeCounts,
  stored: PracticeCounts | null,
  last: { counts: PracticeCounts | null; rate: number | null },
): PracticePreview {
  const rate = practiceCountsRate(next);
  // 0 of 0 over a real figure makes the rate unknown: asked about like any far-off figure
  const emptied =
    next.assigned === 0 && stored && stored.assigned > 0 ? problem("practiceUnusualZero", { stored: stored.assigned }) : null;
  return {
    rate,
    previousRate: last.rate,
    changePp: changePp(rate, last.rate),
    replaces: stored,
    unusual: emptied ?? unusualChange(next, last.counts, last.rate),
  };
}
