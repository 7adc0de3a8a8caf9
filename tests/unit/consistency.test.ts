import { describe, expect, it } from "vitest";
import {
  countFlags,
  courseSumFlags,
  DEFAULT_METHODOLOGY,
  FLAG_CODES,
  NO_REPORTED,
  publishedTotalFlags,
  type ReportedFigures,
  reportedFlags,
  retakeFlags,
  rowFlags,
  type SessionCounts,
  type SessionResult,
  sessionReport,
  totalOf,
  totalScope,
} from "../../core/index.ts";

const result = (
  unit: string,
  c: Partial<SessionCounts>,
  reported: Partial<ReportedFigures> = {},
  extra: Partial<SessionResult> = {},
) => sessionResult(unit, c, { ...extra, reported: { ...NO_REPORTED, ...reported } });
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

import { counts, sessionResult } from "./fixtures.ts";

describe("consistency flags of counts", () => {
  it("flags admitted > enrolled and passed > admitted", () => {
    expect(codes(countFlags(counts({ enrolled: 10, admitted: 11, passedAll: 12 })))).toEqual([
      "admitted-exceeds-enrolled",
      "passed-exceeds-admitted",
    ]);
  });
  it("flags grade bands that do not sum to passed all", () => {
    const f = countFlags(
      counts({ enrolled: 10, admitted: 10, passedAll: 8, excellentOnly: 1, excellentGood: 2, mixed: 3, satisfactoryOnly: 1 }),
    );
    expect(f).toEqual([{ code: "grade-bands-mismatch", params: { sum: 7, expected: 8 } }]);
  });
  it("flags debt buckets that do not sum to admitted − passed", () => {
    const f = countFlags(counts({ enrolled: 10, admitted: 10, passedAll: 6, debts1: 2, debts2: 1, debts3plus: 0 }));
    expect(f).toEqual([{ code: "debt-buckets-mismatch", params: { sum: 3, expected: 4 } }]);
  });
  it("flags not-admitted counts that do not sum to enrolled − admitted", () => {
    const f = countFlags(counts({ enrolled: 10, admitted: 7, passedAll: 6, notAdmittedExcused: 1, notAdmittedUnexcused: 1 }));
    expect(f).toEqual([{ code: "not-admitted-mismatch", params: { sum: 2, expected: 3 } }]);
  });
  it("is silent when everything adds up", () => {
    const ok = counts({
      enrolled: 10,
      admitted: 8,
      passedAll: 6,
      notAdmittedExcused: 1,
      notAdmittedUnexcused: 1,
      excellentOnly: 1,
      excellentGood: 2,
      mixed: 2,
      satisfactoryOnly: 1,
      debts1: 1,
      debts2: 1,
      debts3plus: 0,
    });
    expect(countFlags(ok)).toEqual([]);
  });
});

describe("published figures against recomputed ones", () => {
  it("flags the published debtor count of ТФ after re-takes (287 vs 795 − 511 = 284)", () => {
    const f = reportedFlags(
      result("ТФ", { enrolled: 795, admitted: 783, passedAll: 511 }, { debtors: 287, absolute: 65.3, debtorShare: 36.1 }),
      DEFAULT_METHODOLOGY,
    );
    expect(f[0]).toEqual({ code: "reported-count-mismatch", params: { field: "debtors", reported: 287, computed: 284 } });
    expect(codes(f)).toEqual(["reported-count-mismatch", "reported-percent-mismatch"]); // 36.1 follows the slip; 65.3 is right
  });
  it("accepts a published percentage that is a rounding of the exact value, and no more", () => {
    const r = (abs: number) =>
      reportedFlags(result("X", { enrolled: 3, admitted: 3, passedAll: 2 }, { absolute: abs }), DEFAULT_METHODOLOGY);
    expect(r(66.7)).toEqual([]);
    expect(codes(r(66.6))).toEqual(["reported-percent-mismatch"]);
    expect(codes(r(66.8))).toEqual(["reported-percent-mismatch"]);
  });
  it("checks quality only where grade bands are given", () => {
    const base = { enrolled: 10, admitted: 10, passedAll: 8 };
    expect(reportedFlags(result("X", base, { quality: 27 }), DEFAULT_METHODOLOGY)).toEqual([]);
    expect(
      codes(reportedFlags(result("X", { ...base, excellentOnly: 1, excellentGood: 2 }, { quality: 27 }), DEFAULT_METHODOLOGY)),
    ).toEqual(["reported-percent-mismatch"]);
  });
  it("follows the methodology: debtors over admitted when the not admitted are excluded", () => {
    const r = result("Кызыл-Кия", { enrolled: 232, admitted: 133, passedAll: 76 }, { debtors: 57 });
    expect(codes(reportedFlags(r, DEFAULT_METHODOLOGY))).toEqual(["reported-count-mismatch"]);
    expect(reportedFlags(r, { base: "admitted", debtorsIncludeNotAdmitted: false })).toEqual([]);
  });
  it("labels row flags with unit, form and stage", () => {
    const [f] = rowFlags([result("ТФ", { enrolled: 795, admitted: 783, passedAll: 511 }, { debtors: 287 })], DEFAULT_METHODOLOGY);
    expect(f).toMatchObject({ unit: "ТФ", form: "full-time", stage: "after-retakes" });
  });
});

describe("printed totals", () => {
  const rows = [
    result("A", { enrolled: 100, admitted: 90, passedAll: 50 }, { debtors: 51 }),
    result("B", { enrolled: 100, admitted: 100, passedAll: 70 }, { debtors: 30 }),
  ];
  const printed = {
    scope: "main university full-time",
    stage: "after-retakes" as const,
    enrolled: 200,
    admitted: 190,
    passedAll: 120,
    absolute: 63.2,
    debtors: 80,
    debtorShare: 40,
  };
  it("reports a column that does not sum to the printed total, without changing anything", () => {
    const f = publishedTotalFlags(printed, rows, totalOf(rows), DEFAULT_METHODOLOGY);
    expect(f).toEqual([
      {
        code: "total-column-mismatch",
        stage: "after-retakes",
        params: { scope: printed.scope, field: "debtors", printed: 80, columnSum: 81 },
      },
    ]);
    expect(rows[0]?.reported.debtors).toBe(51);
  });
  it("reports printed counts and percentages that differ from the recomputed total", () => {
    const f = publishedTotalFlags({ ...printed, enrolled: 201, absolute: 60 }, rows, totalOf(rows), DEFAULT_METHODOLOGY);
    expect(codes(f)).toEqual(["total-count-mismatch", "total-column-mismatch", "total-percent-mismatch"]);
  });
  it("knows the scopes the report names", () => {
    expect(totalScope("main university full-time")).toEqual({ form: "full-time", kinds: ["faculty", "institute"] });
    expect(totalScope("all part-time")).toEqual({ form: "part-time" });
    expect(totalScope("somewhere")).toBeNull();
  });
});

describe("the session report", () => {
  const rows = [
    result("A", { enrolled: 100, admitted: 90, passedAll: 50 }),
    result("I", { enrolled: 50, admitted: 50, passedAll: 40 }, {}, { unitKind: "institute" }),
    result("C", { enrolled: 40, admitted: 40, passedAll: 40 }, {}, { unitKind: "college" }),
    result("M", { enrolled: 30, admitted: 30, passedAll: 30 }, {}, { countedInTotal: false }),
    result("A", { enrolled: 20, admitted: 20, passedAll: 10 }, {}, { form: "part-time" }),
    result("A", { enrolled: 100, admitted: 90, passedAll: 40 }, {}, { stage: "main" }),
  ];
  const sel = { year: "2019-2020", term: "spring" as const, stage: "after-retakes" as const };
  it("selects by form, kinds and units, keeps not-counted rows out of the total", () => {
    const r = sessionReport(rows, { ...sel, form: "full-time", kinds: ["faculty", "institute"] }, DEFAULT_METHODOLOGY);
    expect(r.rows.map((x) => x.unit)).toEqual(["A", "I", "M"]);
    expect(r.total).toMatchObject({ enrolled: 150, admitted: 140, passedAll: 90, absolute: 64.3 });
    expect(sessionReport(rows, { ...sel, units: ["A"] }, DEFAULT_METHODOLOGY).rows.map((x) => x.form)).toEqual([
      "full-time",
      "part-time",
    ]);
  });
  it("covers both forms without a form", () => {
    expect(sessionReport(rows, sel, DEFAULT_METHODOLOGY).total.enrolled).toBe(210); // 100 + 50 + 40 + 20 part-time; M not counted
  });
  it("checks printed totals inside the selection only", () => {
    const printed = [
      {
        year: "2019-2020",
        term: "spring" as const,
        scope: "main university full-time",
        stage: "after-retakes" as const,
        enrolled: 151,
        admitted: null,
        passedAll: null,
        absolute: null,
        debtors: null,
        debtorShare: null,
      },
    ];
    expect(codes(sessionReport(rows, { ...sel, form: "full-time" }, DEFAULT_METHODOLOGY, printed).flags)).toEqual([
      "total-count-mismatch",
    ]);
    expect(sessionReport(rows, { ...sel, form: "part-time" }, DEFAULT_METHODOLOGY, printed).flags).toEqual([]);
    expect(sessionReport(rows, { ...sel, units: ["A"] }, DEFAULT_METHODOLOGY, printed).flags).toEqual([]);
  });
});

describe("course rows and stages against each other", () => {
  const course = (c: number, counts: Partial<SessionCounts>, extra: Partial<SessionResult> = {}) =>
    result("МТФ", counts, {}, { course: c, ...extra });

  it("flags course rows summing to more than the all-courses row, count by count", () => {
    const rows = [
      course(0, { enrolled: 100, admitted: 90, passedAll: 60 }),
      course(1, { enrolled: 60, admitted: 50, passedAll: 30 }),
      course(2, { enrolled: 50, admitted: 40, passedAll: 30 }),
    ];
    expect(courseSumFlags(rows)).toEqual([
      {
        code: "course-sum-exceeds-total",
        unit: "МТФ",
        form: "full-time",
        stage: "after-retakes",
        params: { field: "enrolled", sum: 110, total: 100 },
      },
    ]);
    // fewer is no slip (a course left out), and nothing to compare without an all-courses row
    expect(courseSumFlags([course(0, { enrolled: 100 }), course(1, { enrolled: 60 })])).toEqual([]);
    expect(courseSumFlags(rows.slice(1))).toEqual([]);
    // another form or stage is another total
    expect(courseSumFlags([course(0, { enrolled: 100 }), course(1, { enrolled: 60 }, { form: "part-time" })])).toEqual([]);
  });

  it("flags passes falling, or else debtors rising, after re-takes of the same unit, form and course", () => {
    const main = (c: number, counts: Partial<SessionCounts>) => course(c, counts, { stage: "main" });
    const rows = [
      main(0, { enrolled: 100, admitted: 90, passedAll: 50 }),
      course(0, { enrolled: 100, admitted: 90, passedAll: 45 }),
      main(2, { enrolled: 40, admitted: 40, passedAll: 20 }),
      course(2, { enrolled: 46, admitted: 40, passedAll: 22 }),
      main(3, { enrolled: 40, admitted: 40, passedAll: 20 }),
      course(3, { enrolled: 40, admitted: 40, passedAll: 30 }),
    ];
    expect(retakeFlags(rows, DEFAULT_METHODOLOGY)).toEqual([
      {
        code: "passed-fell-after-retakes",
        unit: "МТФ",
        form: "full-time",
        stage: "after-retakes",
        params: { main: 50, after: 45 },
      },
      {
        code: "debtors-rose-after-retakes",
        unit: "МТФ",
        form: "full-time",
        stage: "after-retakes",
        course: 2,
        params: { main: 20, after: 24 },
      },
    ]);
    // debtors over admitted: 40 − 22 = 18 < 20, no rise
    expect(codes(retakeFlags(rows, { base: "admitted", debtorsIncludeNotAdmitted: false }))).toEqual([
      "passed-fell-after-retakes",
    ]);
  });

  it("shows both in the report of the after-retakes stage", () => {
    const rows = [
      course(0, { enrolled: 100, admitted: 90, passedAll: 45 }),
      course(1, { enrolled: 101, admitted: 90, passedAll: 45 }),
      course(0, { enrolled: 100, admitted: 90, passedAll: 50 }, { stage: "main" }),
    ];
    const sel = { year: "2019-2020", term: "spring" as const };
    expect(codes(sessionReport(rows, { ...sel, stage: "after-retakes" }, DEFAULT_METHODOLOGY).flags)).toEqual([
      "course-sum-exceeds-total",
      "passed-fell-after-retakes",
    ]);
    expect(sessionReport(rows, { ...sel, stage: "main" }, DEFAULT_METHODOLOGY).flags).toEqual([]);
  });
});

describe("published figures and the methodology they were published under", () => {
  const rows = [result("МТФ", { enrolled: 873, admitted: 819, passedAll: 348 }, { absolute: 42.5 })];
  const sel = { year: "2019-2020", term: "spring" as const, stage: "after-retakes" as const };
  const enrolled = { ...DEFAULT_METHODOLOGY, base: "enrolled" as const };
  it("checks them against the institution's methodology when a report computes over another base", () => {
    const r = sessionReport(rows, sel, enrolled, [], DEFAULT_METHODOLOGY);
    expect(r.rows[0]?.absolute).toBe(39.9);
    expect(r.flags).toEqual([]);
  });
  it("flags them when they do not follow the methodology they were published under", () => {
    expect(codes(sessionReport(rows, sel, DEFAULT_METHODOLOGY, [], enrolled).flags)).toEqual(["reported-percent-mismatch"]);
  });
});

describe("flag codes", () => {
  it("every code can be raised (a new code needs a case here)", () => {
    const rows = [
      result("A", { enrolled: 10, admitted: 11, passedAll: 12 }, { debtors: 0 }),
      result(
        "B",
        {
          enrolled: 10,
          admitted: 10,
          passedAll: 8,
          excellentOnly: 1,
          excellentGood: 2,
          mixed: 3,
          satisfactoryOnly: 1,
          debts1: 1,
          debts2: 0,
          debts3plus: 0,
          notAdmittedExcused: 1,
          notAdmittedUnexcused: 0,
        },
        { debtors: 3, absolute: 50 },
      ),
    ];
    const printed = {
      scope: "all",
      stage: "after-retakes" as const,
      enrolled: 999,
      admitted: null,
      passedAll: null,
      absolute: 1,
      debtors: 7,
      debtorShare: null,
    };
    const stages = [
      result("C", { enrolled: 10, admitted: 10, passedAll: 8 }, {}, { stage: "main" }),
      result("C", { enrolled: 10, admitted: 10, passedAll: 7 }),
      result("C", { enrolled: 11, admitted: 10, passedAll: 7 }, {}, { course: 1 }),
      result("D", { enrolled: 10, admitted: 10, passedAll: 8 }, {}, { stage: "main" }),
      result("D", { enrolled: 12, admitted: 10, passedAll: 8 }),
    ];
    const raised = new Set(
      [
        ...rowFlags(rows, DEFAULT_METHODOLOGY),
        ...publishedTotalFlags(printed, rows, totalOf(rows), DEFAULT_METHODOLOGY),
        ...courseSumFlags(stages),
        ...retakeFlags(stages, DEFAULT_METHODOLOGY),
      ].map((f) => f.code),
    );
    expect([...raised].sort()).toEqual([...FLAG_CODES].sort());
  });
});
