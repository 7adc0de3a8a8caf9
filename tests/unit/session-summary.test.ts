import { describe, expect, it } from "vitest";
import {
  DEFAULT_METHODOLOGY,
  needingAttention,
  type SessionCounts,
  type SummaryResult,
  sessionSummary,
  unitSeries,
} from "../../core/index.ts";
import { sessionResult } from "./fixtures.ts";

const r = (unit: string, stage: "main" | "after-retakes", c: Partial<SessionCounts>, extra: Partial<SummaryResult> = {}) =>
  sessionResult(unit, c, { stage, ...extra });
const q = { year: "2019-2020", term: "spring" as const, stage: "after-retakes" as const };

const mtf = [
  r("МТФ", "main", { enrolled: 873, admitted: 819, passedAll: 263 }),
  r("МТФ", "after-retakes", { enrolled: 873, admitted: 819, passedAll: 348 }, { courseAbsolute: { "1": 45, "2": 46 } }),
  r("МТФ", "after-retakes", { enrolled: 133, admitted: 101, passedAll: 85 }, { form: "part-time" }),
  r("МЖМ", "after-retakes", { enrolled: 426, admitted: 393, passedAll: 328 }, { countedInTotal: false }),
];
const published = [
  {
    unit: "МТФ",
    year: "2018-2019",
    term: "spring" as const,
    stage: "after-retakes" as const,
    form: "full-time" as const,
    value: 56.0,
  },
];

describe("a dean's session summary", () => {
  it("gives МТФ's debtors after re-takes, the main stage and the change, per form", () => {
    const s = sessionSummary(mtf, published, { ...q, units: ["МТФ"] }, DEFAULT_METHODOLOGY);
    const [full, part] = s.forms;
    expect(full?.current).toMatchObject({ debtors: 525, debtorShare: 60.1 });
    expect(full?.other).toMatchObject({ stage: "main", metrics: { debtors: 610, debtorShare: 69.9 } });
    expect(full?.retakeChange).toEqual({ debtors: -85, sharePp: -9.8, units: null });
    expect(full?.byCourse).toEqual([
      { course: 1, absolute: 45, debtors: null, debtorShare: null, published: true },
      { course: 2, absolute: 46, debtors: null, debtorShare: null, published: true },
    ]);
    expect(full?.lastYear).toMatchObject({
      year: "2018-2019",
      source: "published",
      absolute: { current: 42.5, previous: 56, changePp: -13.5 },
    });
    expect(part).toMatchObject({ form: "part-time", current: { debtors: 48 }, other: null, retakeChange: null, lastYear: null });
    expect(s.total).toMatchObject({ enrolled: 1006, debtors: 573 });
  });

  it("compares the stages over the units reported at both", () => {
    const rows = [...mtf, r("ЭТИ", "after-retakes", { enrolled: 351, admitted: 326, passedAll: 199 })];
    const [full] = sessionSummary(rows, [], { ...q, form: "full-time" }, DEFAULT_METHODOLOGY).forms;
    expect(full?.current.debtors).toBe(525 + 152);
    expect(full?.retakeChange).toEqual({ debtors: -85, sharePp: -9.8, units: ["МТФ"] });
  });

  it("counts a unit's own not-counted row in its answer, and leaves it out of the institution's", () => {
    expect(sessionSummary(mtf, [], { ...q, units: ["МЖМ"] }, DEFAULT_METHODOLOGY).forms[0]?.current.enrolled).toBe(426);
    expect(sessionSummary(mtf, [], { ...q, form: "full-time" }, DEFAULT_METHODOLOGY).forms[0]?.current.enrolled).toBe(873);
  });

  it("compares with last year's counts when they exist, and breaks down by course and by debts", () => {
    const rows = [
      r(
        "ЭФ",
        "after-retakes",
        { enrolled: 60, admitted: 60, passedAll: 40, debts1: 10, debts2: 6, debts3plus: 4 },
        { course: 1 },
      ),
      r("ЭФ", "after-retakes", { enrolled: 40, admitted: 40, passedAll: 30, debts1: 5, debts2: 3, debts3plus: 2 }, { course: 2 }),
      r("ЭФ", "after-retakes", { enrolled: 100, admitted: 100, passedAll: 50 }, { year: "2018-2019" }),
    ];
    const [f] = sessionSummary(rows, published, { ...q, units: ["ЭФ"] }, DEFAULT_METHODOLOGY).forms;
    expect(f?.current).toMatchObject({ enrolled: 100, passedAll: 70, debtors: 30, debtorShare: 30 });
    expect(f?.byCourse.map((c) => [c.course, c.debtors, c.debtorShare])).toEqual([
      [1, 20, 33.3],
      [2, 10, 25],
    ]);
    expect(f?.byDebts).toEqual({ debts1: 15, debts2: 9, debts3plus: 6 });
    expect(f?.lastYear).toMatchObject({
      source: "counts",
      debtors: { current: 30, previous: 50 },
      debtorShare: { changePp: -20 },
    });
  });

  it("builds per-unit chart series", () => {
    const s = unitSeries(mtf, published, { ...q, form: "full-time" }, DEFAULT_METHODOLOGY);
    expect(s.groups).toEqual([
      { unit: "МТФ", form: "full-time" },
      { unit: "МЖМ", form: "full-time" },
    ]);
    expect(s.debtorsMain).toEqual([610, null]);
    expect(s.debtorsAfter).toEqual([525, 98]);
    expect(s.absolute).toEqual([42.5, 83.5]);
    expect(s.absoluteLastYear).toEqual([56, null]);
  });

  it("compares stages over the same students, and splits a single unit by form", () => {
    const all = unitSeries(mtf, published, q, DEFAULT_METHODOLOGY);
    // МТФ part-time has no main stage: its 48 debtors stay out of both bars
    expect(all.debtorsMain[0]).toBe(610);
    expect(all.debtorsAfter[0]).toBe(525);
    // МЖМ was reported after re-takes only: that bar still shows
    expect([all.debtorsMain[1], all.debtorsAfter[1]]).toEqual([null, 98]);
    const one = unitSeries(mtf, published, { ...q, units: ["МТФ"] }, DEFAULT_METHODOLOGY);
    expect(one.groups).toEqual([
      { unit: "МТФ", form: "full-time" },
      { unit: "МТФ", form: "part-time" },
    ]);
    expect(one.debtorsMain).toEqual([610, null]);
    expect(one.debtorsAfter).toEqual([525, 48]);
    expect(one.absoluteLastYear).toEqual([56, null]);
  });
});

describe("what an answer leaves out or compares is said", () => {
  const eti = (stage: "main" | "after-retakes", c: Partial<SessionCounts>, extra: Partial<SummaryResult> = {}) =>
    r("ЭТИ", stage, c, extra);

  it("the other stage covering other units carries their list", () => {
    const rows = [...mtf, eti("after-retakes", { enrolled: 351, admitted: 326, passedAll: 199 })];
    const [full] = sessionSummary(rows, [], { ...q, form: "full-time" }, DEFAULT_METHODOLOGY).forms;
    // after re-takes: МТФ and ЭТИ (МЖМ is not counted); the main stage: МТФ only
    expect(full?.other).toMatchObject({ stage: "main", metrics: { debtors: 610 }, units: ["МТФ"] });
    const [mtfOnly] = sessionSummary(mtf, [], { ...q, units: ["МТФ"] }, DEFAULT_METHODOLOGY).forms;
    expect(mtfOnly?.other?.units).toBeNull();
  });

  it("rows left out of the institution's total are named; a unit's own answer says it counts them", () => {
    expect(sessionSummary(mtf, [], q, DEFAULT_METHODOLOGY).notCounted).toEqual([{ unit: "МЖМ", form: "full-time" }]);
    expect(sessionSummary(mtf, [], { ...q, form: "part-time" }, DEFAULT_METHODOLOGY).notCounted).toEqual([]);
    const own = sessionSummary(mtf, [], { ...q, units: ["МЖМ"] }, DEFAULT_METHODOLOGY);
    expect(own.notCounted).toEqual([{ unit: "МЖМ", form: "full-time" }]);
    expect(own.forms[0]?.current.enrolled).toBe(426);
  });

  it("published figures that do not add up come with the answer (Токмок: 81 published, 86 recomputed)", () => {
    const tokmok = r(
      "Токмок ш. филиал",
      "after-retakes",
      { enrolled: 212, admitted: 207, passedAll: 126 },
      { reported: { absolute: 60.9, quality: null, debtors: 81, debtorShare: 38.2 } },
    );
    const s = sessionSummary([...mtf, tokmok], [], { ...q, units: ["Токмок ш. филиал"] }, DEFAULT_METHODOLOGY);
    expect(s.flags.map((f) => [f.code, f.unit, f.params.field, f.params.reported, f.params.computed])).toEqual([
      ["reported-count-mismatch", "Токмок ш. филиал", "debtors", 81, 86],
      ["reported-percent-mismatch", "Токмок ш. филиал", "debtorShare", 38.2, 40.57],
    ]);
    expect(sessionSummary([...mtf, tokmok], [], { ...q, units: ["МТФ"] }, DEFAULT_METHODOLOGY).flags).toEqual([]);
  });

  it("last year over other units is compared over the units of both years only, and says which", () => {
    const rows = [
      ...mtf,
      eti("after-retakes", { enrolled: 351, admitted: 326, passedAll: 199 }),
      r("МТФ", "after-retakes", { enrolled: 900, admitted: 850, passedAll: 400 }, { year: "2018-2019" }),
    ];
    const [full] = sessionSummary(rows, [], { ...q, form: "full-time" }, DEFAULT_METHODOLOGY).forms;
    // this year МТФ + ЭТИ (677 debtors); last year МТФ only: МТФ against МТФ
    expect(full?.current.debtors).toBe(677);
    expect(full?.lastYear).toMatchObject({ units: ["МТФ"], debtors: { current: 525, previous: 500 } });
  });

  it("course figures summed over some units say which", () => {
    const rows = [
      r("ЭФ", "after-retakes", { enrolled: 60, admitted: 60, passedAll: 40 }, { course: 1 }),
      eti("after-retakes", { enrolled: 351, admitted: 326, passedAll: 199 }),
    ];
    const [f] = sessionSummary(rows, [], q, DEFAULT_METHODOLOGY).forms;
    expect(f?.byCourse.map((c) => [c.course, c.debtors])).toEqual([[1, 20]]);
    expect(f?.courseUnits).toEqual(["ЭФ"]);
  });

  it("lists the stages and forms that have data, for the buttons", () => {
    expect(sessionSummary(mtf, [], { ...q, units: ["МТФ"] }, DEFAULT_METHODOLOGY).available).toEqual([
      { stage: "main", form: "full-time" },
      { stage: "after-retakes", form: "full-time" },
      { stage: "after-retakes", form: "part-time" },
    ]);
    expect(sessionSummary(mtf, [], { ...q, units: ["МЖМ"] }, DEFAULT_METHODOLOGY).available).toEqual([
      { stage: "after-retakes", form: "full-time" },
    ]);
  });
});

describe("charts with many units", () => {
  it("keep the units needing attention most", () => {
    const series = {
      groups: ["A", "B", "C", "D"].map((unit) => ({ unit })),
      debtorsMain: [1, 2, 3, 4],
      debtorsAfter: [10, null, 30, 20],
      absolute: [50, 40, null, 60],
      absoluteLastYear: [null, null, null, null],
      lastYear: null,
    };
    expect(needingAttention(series, "debtors", 4)).toEqual([0, 1, 2, 3]);
    expect(needingAttention(series, "debtors", 2)).toEqual([2, 3]);
    expect(needingAttention(series, "absolute", 2)).toEqual([1, 0]);
  });
});
