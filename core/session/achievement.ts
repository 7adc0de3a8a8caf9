import { percent } from "../shared/rounding.ts";
import type { Methodology, SessionCounts } from "./domain.ts";

/** The figures a report prints for one result or one total (percentages with one decimal). */
export interface Metrics {
  enrolled: number | null;
  admitted: number | null;
  passedAll: number | null;
  /** passedAll / base */
  absolute: number | null;
  /** (excellentOnly + excellentGood) / base */
  quality: number | null;
  debtors: number | null;
  /** debtors / enrolled, or / admitted when debtors exclude the not admitted */
  debtorShare: number | null;
  /** admitted / enrolled */
  admissionRate: number | null;
}

function sum(...xs: (number | null)[]): number | null {
  let total = 0;
  for (const x of xs) {
    if (x === null) return null;
    total += x;
  }
  return total;
}

/** Debtor count and the denominator of its share under a methodology. */
export function debtorsOf(c: SessionCounts, m: Methodology): { debtors: number | null; over: number | null } {
  const over = m.debtorsIncludeNotAdmitted ? c.enrolled : c.admitted;
  if (over === null || c.passedAll === null) return { debtors: null, over };
  return { debtors: over - c.passedAll, over };
}

export function baseOf(c: SessionCounts, m: Methodology): number | null {
  return m.base === "admitted" ? c.admitted : c.enrolled;
}

/** Metrics of one result (or of summed counts): DOMAIN.md §3. */
export function metrics(c: SessionCounts, m: Methodology): Metrics {
  const base = baseOf(c, m);
  const quality = sum(c.excellentOnly, c.excellentGood);
  const { debtors, over } = debtorsOf(c, m);
  return {
    enrolled: c.enrolled,
    admitted: c.admitted,
    passedAll: c.passedAll,
    absolute: base !== null && c.passedAll !== null ? percent(c.passedAll, base) : null,
    quality: base !== null && quality !== null ? percent(quality, base) : null,
    debtors,
    debtorShare: debtors !== null && over !== null ? percent(debtors, over) : null,
    admissionRate: c.admitted !== null && c.enrolled !== null ? percent(c.admitted, c.enrolled) : null,
  };
}

/** Words for the definition used, so every answer can state it. */
export function describeMethodology(m: Methodology): { base: string; debtors: string } {
  return {
    base: m.base,
    debtors: m.debtorsIncludeNotAdmitted ? "enrolled-minus-passed" : "admitted-minus-passed",
  };
}
