// One decimal, half away from zero, as the universities' reports round.

/** A percentage num/den × 100 rounded to one decimal, computed in integers so 57.85 never becomes 57.8. */
export function percent(num: number, den: number): number | null {
  if (den <= 0 || !Number.isFinite(num) || !Number.isFinite(den)) return null;
  const sign = num < 0 ? -1 : 1;
  const n = Math.abs(num);
  // tenths of a percent = n·1000/den, rounded half up on the magnitude
  const tenths = Math.floor((2 * n * 1000 + den) / (2 * den));
  return (sign * tenths) / 10 || 0;
}

/** Round any value to one decimal, half away from zero, absorbing binary noise (0.15 stays 0.2). */
export function round1(x: number): number {
  const scaled = Number((Math.abs(x) * 10).toPrecision(12));
  return (Math.sign(x) * Math.round(scaled)) / 10 || 0;
}

/** Exact percentage without rounding, for tolerance checks. */
export function exactPercent(num: number, den: number): number | null {
  return den > 0 ? (num / den) * 100 : null;
}
