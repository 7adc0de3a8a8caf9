// Corrections of stored figures that deserve a second look before they are written: a
// count three times larger or smaller (a digit typed twice, a column shifted), or a
// result whose counts all become zero (an empty export).
import type { Problem } from "../shared/problem.ts";

/** One figure a correction changes; `column` is the caller's name for it (an import's column). */
export interface FigureChange {
  column: string;
  from: number | string | boolean | null;
  to: number | string | boolean | null;
  /** a count of students (percentages and flags are not checked for jumps) */
  count: boolean;
}

/** A count changes "implausibly" at this factor or more… */
export const JUMP_FACTOR = 3;
/** …when the larger of the two is at least this: 1 → 3 debtors is ordinary. */
const JUMP_FLOOR = 10;

/** What to call out in a correction of one result; `countsAfter` are all its counts as corrected. */
export function correctionWarnings(changes: readonly FigureChange[], countsAfter: readonly (number | null)[]): Problem[] {
  const counts = changes.filter(
    (c): c is FigureChange & { from: number; to: number } => c.count && typeof c.from === "number" && typeof c.to === "number",
  );
  const given = countsAfter.filter((n): n is number => n !== null);
  // all zero says it once, instead of a jump per count
  if (given.length && given.every((n) => n === 0) && counts.some((c) => c.from > 0))
    return [{ code: "correctionZeroed", params: {} }];
  const out: Problem[] = [];
  for (const c of counts) {
    // a stored 0 filled in is ordinary (a count given late, a zeroed result restored)
    if (c.from === 0) continue;
    const [low, high] = c.from < c.to ? [c.from, c.to] : [c.to, c.from];
    if (high >= JUMP_FLOOR && high >= JUMP_FACTOR * low)
      out.push({ code: "correctionJump", params: { column: c.column, from: c.from, to: c.to, factor: JUMP_FACTOR } });
  }
  return out;
}
