import type { Problem } from "../shared/problem.ts";
import { exactPercent } from "../shared/rounding.ts";
import { debtorsOf, metrics } from "./achievement.ts";
import { COUNT_FIELDS, type Form, type Methodology, type SessionCounts, type SessionResult, type Stage } from "./domain.ts";

export const FLAG_CODES = [
  "admitted-exceeds-enrolled",
  "passed-exceeds-admitted",
  "grade-bands-mismatch",
  "debt-buckets-mismatch",
  "not-admitted-mismatch",
  "reported-count-mismatch",
  "reported-percent-mismatch",
  "total-count-mismatch",
  "total-column-mismatch",
  "total-percent-mismatch",
  "course-sum-exceeds-total",
  "passed-fell-after-retakes",
  "debtors-rose-after-retakes",
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

/** Something that does not add up: a Problem located by unit, form, stage (and course, when one). */
export interface Flag extends Problem {
  code: FlagCode;
  unit?: string;
  form?: Form;
  stage?: Stage;
  /** 1–6 when the flag is about one course's row */
  course?: number;
  params: Record<string, number | string>;
}

/** A published one-decimal percentage is consistent when it is a rounding of the exact value. */
const ROUNDING_TOLERANCE = 0.05 + 1e-9;

function sumOrNull(...xs: (number | null)[]): number | null {
  return xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x as number), 0);
}

/** Internal arithmetic of one set of counts (no published figures involved). */
export function countFlags(c: SessionCounts): Omit<Flag, "unit" | "form" | "stage">[] {
  const out: Omit<Flag, "unit" | "form" | "stage">[] = [];
  if (c.admitted !== null && c.enrolled !== null && c.admitted > c.enrolled)
    out.push({ code: "admitted-exceeds-enrolled", params: { admitted: c.admitted, enrolled: c.enrolled } });
  if (c.passedAll !== null && c.admitted !== null && c.passedAll > c.admitted)
    out.push({ code: "passed-exceeds-admitted", params: { passed: c.passedAll, admitted: c.admitted } });
  const bands = sumOrNull(c.excellentOnly, c.excellentGood, c.mixed, c.satisfactoryOnly);
  if (bands !== null && c.passedAll !== null && bands !== c.passedAll)
    out.push({ code: "grade-bands-mismatch", params: { sum: bands, expected: c.passedAll } });
  // Debt buckets count students who sat the session and failed something.
  const buckets = sumOrNull(c.debts1, c.debts2, c.debts3plus);
  if (buckets !== null && c.admitted !== null && c.passedAll !== null && buckets !== c.admitted - c.passedAll)
    out.push({ code: "debt-buckets-mismatch", params: { sum: buckets, expected: c.admitted - c.passedAll } });
  const notAdmitted = sumOrNull(c.notAdmittedExcused, c.notAdmittedUnexcused);
  if (notAdmitted !== null && c.enrolled !== null && c.admitted !== null && notAdmitted !== c.enrolled - c.admitted)
    out.push({ code: "not-admitted-mismatch", params: { sum: notAdmitted, expected: c.enrolled - c.admitted } });
  return out;
}

function percentFlag(field: string, reported: number | null, num: number | null, den: number | null) {
  if (reported === null || num === null || den === null) return null;
  const exact = exactPercent(num, den);
  if (exact === null || Math.abs(reported - exact) <= ROUNDING_TOLERANCE) return null;
  return {
    code: "reported-percent-mismatch" as const,
    params: { field, reported, computed: Math.round(exact * 100) / 100 },
  };
}

/** Published figures of one result against the ones recomputed from its counts. */
export function reportedFlags(r: SessionResult, m: Methodology): Omit<Flag, "unit" | "form" | "stage">[] {
  const out: Omit<Flag, "unit" | "form" | "stage">[] = [];
  const c = r.counts;
  const { debtors, over } = debtorsOf(c, m);
  if (r.reported.debtors !== null && debtors !== null && r.reported.debtors !== debtors)
    out.push({
      code: "reported-count-mismatch",
      params: { field: "debtors", reported: r.reported.debtors, computed: debtors },
    });
  const base = m.base === "admitted" ? c.admitted : c.enrolled;
  const quality = sumOrNull(c.excellentOnly, c.excellentGood);
  for (const f of [
    percentFlag("absolute", r.reported.absolute, c.passedAll, base),
    percentFlag("quality", r.reported.quality, quality, base),
    percentFlag("debtorShare", r.reported.debtorShare, debtors, over),
  ])
    if (f) out.push(f);
  return out;
}

/** Every flag of every row. */
export function rowFlags(results: readonly SessionResult[], m: Methodology): Flag[] {
  return results.flatMap((r) =>
    [...countFlags(r.counts), ...reportedFlags(r, m)].map((f) => ({
      ...f,
      unit: r.unit,
      form: r.form,
      stage: r.stage,
    })),
  );
}

const where = (r: SessionResult) => ({ unit: r.unit, form: r.form, stage: r.stage, ...(r.course ? { course: r.course } : {}) });

/**
 * Course rows (1–6) that sum to more than the unit's all-courses row, count by count: a
 * course counted twice, or a typo in the total. Less is no slip: a report may leave a
 * course out.
 */
export function courseSumFlags(results: readonly SessionResult[]): Flag[] {
  const groups = new Map<string, { whole?: SessionResult; courses: SessionResult[] }>();
  for (const r of results) {
    const key = [r.unit, r.form, r.year, r.term, r.stage].join("\u0000");
    const g = groups.get(key) ?? { courses: [] };
    if (r.course === 0) g.whole = r;
    else g.courses.push(r);
    groups.set(key, g);
  }
  const out: Flag[] = [];
  for (const { whole, courses } of groups.values()) {
    if (!whole || !courses.length) continue;
    for (const field of COUNT_FIELDS) {
      const total = whole.counts[field];
      const given = courses.map((c) => c.counts[field]).filter((n): n is number => n !== null);
      if (total === null || !given.length) continue;
      const sum = given.reduce((a, n) => a + n, 0);
      if (sum > total) out.push({ code: "course-sum-exceeds-total", ...where(whole), params: { field, sum, total } });
    }
  }
  return out;
}

/**
 * Re-takes only add passes: after them, for the same unit, form, course, year and term,
 * fewer students who passed everything, or more debtors, is a slip in one of the two
 * reports. Debtors rising is flagged when passes did not fall (else it is the same slip).
 */
export function retakeFlags(results: readonly SessionResult[], m: Methodology): Flag[] {
  const key = (r: SessionResult) => [r.unit, r.form, r.course, r.year, r.term].join("\u0000");
  const main = new Map(results.filter((r) => r.stage === "main").map((r) => [key(r), r]));
  const out: Flag[] = [];
  for (const after of results) {
    const before = after.stage === "after-retakes" ? main.get(key(after)) : undefined;
    if (!before) continue;
    const [p0, p1] = [before.counts.passedAll, after.counts.passedAll];
    const fell = p0 !== null && p1 !== null && p1 < p0;
    if (fell) out.push({ code: "passed-fell-after-retakes", ...where(after), params: { main: p0, after: p1 } });
    const [d0, d1] = [debtorsOf(before.counts, m).debtors, debtorsOf(after.counts, m).debtors];
    if (!fell && d0 !== null && d1 !== null && d1 > d0)
      out.push({ code: "debtors-rose-after-retakes", ...where(after), params: { main: d0, after: d1 } });
  }
  return out;
}

/** A total line as a report printed it. */
export interface PublishedTotalLine {
  scope: string;
  stage: Stage;
  enrolled: number | null;
  admitted: number | null;
  passedAll: number | null;
  absolute: number | null;
  debtors: number | null;
  debtorShare: number | null;
}

/**
 * A printed total against (a) the sum of the rows' counts and (b) the sum of the printed
 * column above it: a report can be right in one and wrong in the other (KSTU: debtors
 * recompute to 2081 as printed, but the column above sums to 2085).
 */
export function publishedTotalFlags(
  printed: PublishedTotalLine,
  rows: readonly SessionResult[],
  total: SessionCounts,
  m: Methodology,
): Flag[] {
  const out: Flag[] = [];
  const where = { stage: printed.stage, params: { scope: printed.scope } };
  const computed = metrics(total, m);
  const counts: [string, number | null, number | null][] = [
    ["enrolled", printed.enrolled, computed.enrolled],
    ["admitted", printed.admitted, computed.admitted],
    ["passedAll", printed.passedAll, computed.passedAll],
    ["debtors", printed.debtors, computed.debtors],
  ];
  for (const [field, p, c] of counts)
    if (p !== null && c !== null && p !== c)
      out.push({ code: "total-count-mismatch", stage: where.stage, params: { ...where.params, field, printed: p, computed: c } });

  const counted = rows.filter((r) => r.countedInTotal);
  if (printed.debtors !== null && counted.length && counted.every((r) => r.reported.debtors !== null)) {
    const columnSum = counted.reduce((a, r) => a + (r.reported.debtors as number), 0);
    if (columnSum !== printed.debtors)
      out.push({
        code: "total-column-mismatch",
        stage: where.stage,
        params: { ...where.params, field: "debtors", printed: printed.debtors, columnSum },
      });
  }

  const { debtors, over } = debtorsOf(total, m);
  const base = m.base === "admitted" ? total.admitted : total.enrolled;
  for (const [field, p, num, den] of [
    ["absolute", printed.absolute, total.passedAll, base],
    ["debtorShare", printed.debtorShare, debtors, over],
  ] as const) {
    const f = percentFlag(field, p, num, den);
    if (f)
      out.push({
        code: "total-percent-mismatch",
        stage: where.stage,
        params: { ...where.params, field, printed: p as number, computed: f.params.computed },
      });
  }
  return out;
}
