import { round1 } from "./rounding.ts";

/**
 * Change between two shown percentages in percentage points. Works on the one-decimal
 * figures a reader sees, so 57.9 − 41.1 is 16.8 as the report says, not 16.77.
 */
export function changePp(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return round1(current - previous);
}

export interface Comparison {
  current: number | null;
  previous: number | null;
  changePp: number | null;
}

export function compare(current: number | null, previous: number | null): Comparison {
  return { current, previous, changePp: changePp(current, previous) };
}
