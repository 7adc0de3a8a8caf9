import { COUNT_FIELDS, emptyCounts, type SessionCounts, type SessionResult } from "./domain.ts";

/**
 * Sum counts field by field. A field missing (null) in any row is null in the sum:
 * a partial sum would print as a real figure and mislead.
 */
export function sumCounts(rows: readonly SessionCounts[]): SessionCounts {
  const out = emptyCounts();
  for (const f of COUNT_FIELDS) {
    let total: number | null = rows.length ? 0 : null;
    for (const r of rows) {
      const v = r[f];
      if (v === null || total === null) {
        total = null;
        break;
      }
      total += v;
    }
    out[f] = total;
  }
  return out;
}

/** The rows that make a total: only results counted in totals (the rule belongs to the result). */
export function totalOf(results: readonly SessionResult[]): SessionCounts {
  return sumCounts(results.filter((r) => r.countedInTotal).map((r) => r.counts));
}

/**
 * One all-courses result per unit × form × year × term × stage: the course-0 row where
 * the source gives one, else the sum of the course rows.
 */
export function allCourses(results: readonly SessionResult[]): SessionResult[] {
  const groups = new Map<string, SessionResult[]>();
  for (const r of results) {
    const key = [r.unit, r.form, r.year, r.term, r.stage].join("\u0000");
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: SessionResult[] = [];
  for (const g of groups.values()) {
    const whole = g.find((r) => r.course === 0);
    if (whole) {
      out.push(whole);
      continue;
    }
    const first = g[0] as SessionResult;
    out.push({
      ...first,
      course: 0,
      countedInTotal: g.every((r) => r.countedInTotal),
      counts: sumCounts(g.map((r) => r.counts)),
      reported: { absolute: null, quality: null, debtors: null, debtorShare: null },
    });
  }
  return out;
}
