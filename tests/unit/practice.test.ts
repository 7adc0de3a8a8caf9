// Practice completion (DOMAIN.md §4): kinds as typed, the academic year, entry checks, and
// the report's sums up the unit tree with published rates kept as published.
import { describe, expect, it } from "vitest";
import {
  academicYearOf,
  type PracticeReportInput,
  parseAcademicYear,
  parsePracticeKind,
  practiceCountProblems,
  practicePreview,
  practiceReport,
} from "../../core/index.ts";

describe("practice kinds as people type them", () => {
  it.each([
    ["production", "production"],
    ["өндүрүштүк", "production"],
    ["Производственная практика", "production"],
    ["окуу-өндүрүштүк", "educational-production"],
    ["учебно-производственная", "educational-production"],
    ["таанышуу", "introductory"],
    ["ознакомительная", "introductory"],
    ["дипломалды", "pre-diploma"],
    ["преддипломная", "pre-diploma"],
    ["pre-diploma", "pre-diploma"],
  ])("%s → %s", (word, kind) => expect(parsePracticeKind(word)).toBe(kind));
  it("an unknown word is no kind", () => {
    expect(parsePracticeKind("sports")).toBeNull();
    expect(parsePracticeKind("")).toBeNull();
  });
});

describe("academic year", () => {
  it("starts on 1 September", () => {
    expect(academicYearOf({ year: 2026, month: 8 })).toBe("2025-2026");
    expect(academicYearOf({ year: 2026, month: 9 })).toBe("2026-2027");
  });
  it("reads the ways years are written", () => {
    expect(parseAcademicYear("2025-2026")).toBe("2025-2026");
    expect(parseAcademicYear("2025/26")).toBe("2025-2026");
    expect(parseAcademicYear("2025-2027")).toBeNull();
    expect(parseAcademicYear("abc")).toBeNull();
  });
});

describe("entry checks", () => {
  it("accepts 45 of 50 and refuses what cannot be", () => {
    expect(practiceCountProblems({ assigned: 50, completed: 45 })).toEqual([]);
    expect(practiceCountProblems({ assigned: 50, completed: 51 }).map((p) => p.code)).toEqual(["practiceCompletedOverAssigned"]);
    expect(practiceCountProblems({ assigned: -1, completed: 0 }).map((p) => p.code)).toEqual(["practiceNotCount"]);
    expect(practiceCountProblems({ assigned: 2.5, completed: 0 }).map((p) => p.code)).toEqual(["practiceNotCount"]);
  });
  it("shows the rate against last year and asks about a change over 30 points or a count three times off", () => {
    const p = practicePreview({ assigned: 50, completed: 45 }, null, { counts: { assigned: 48, completed: 40 }, rate: 83.3 });
    expect(p).toMatchObject({ rate: 90, previousRate: 83.3, changePp: 6.7, unusual: null });
    expect(practicePreview({ assigned: 50, completed: 10 }, null, { counts: null, rate: 83.3 }).unusual?.code).toBe(
      "practiceUnusualRate",
    );
    expect(
      practicePreview({ assigned: 150, completed: 130 }, null, { counts: { assigned: 50, completed: 45 }, rate: 90 }).unusual
        ?.code,
    ).toBe("practiceUnusualCount");
    // 0 of 0 over a stored 45 of 50
    expect(
      practicePreview({ assigned: 0, completed: 0 }, { assigned: 50, completed: 45 }, { counts: null, rate: null }).unusual,
    ).toEqual({
      code: "practiceUnusualZero",
      params: { stored: 50 },
    });
  });
});

const units = [
  { id: 1, code: "ТФ", parentId: null },
  { id: 2, code: "ЭФ", parentId: null },
  { id: 3, code: "ТФ-ТМ", parentId: 1 },
  { id: 4, code: "ТФ-ПП", parentId: 1 },
];
const base: PracticeReportInput = { year: "2025-2026", previousYear: "2024-2025", unit: null, units, counts: [], published: [] };

describe("the practice report", () => {
  it("sums counts up the tree, never averages", () => {
    const r = practiceReport({
      ...base,
      counts: [
        { unit: "ТФ-ТМ", year: "2025-2026", kind: "production", assigned: 50, completed: 45 },
        { unit: "ТФ-ПП", year: "2025-2026", kind: "production", assigned: 10, completed: 5 },
        { unit: "ЭФ", year: "2025-2026", kind: "production", assigned: 40, completed: 40 },
      ],
    });
    expect(r.rows.map((x) => [x.unit, x.assigned, x.completed, x.rate.current, x.source])).toEqual([
      ["ТФ", 60, 50, 83.3, "entered"],
      ["ЭФ", 40, 40, 100, "entered"],
    ]);
    // (45+5+40)/(50+10+40) = 90.0, not the mean of 83.3 and 100
    expect(r.total).toMatchObject({ assigned: 100, completed: 90, rate: { current: 90 }, source: "entered" });
  });

  it("a faculty's own figures beside its departments' are a row of their own: the rows add up to the total", () => {
    const r = practiceReport({
      ...base,
      unit: "ТФ",
      counts: [
        { unit: "ТФ", year: "2025-2026", kind: "production", assigned: 60, completed: 50 },
        { unit: "ТФ-ТМ", year: "2025-2026", kind: "production", assigned: 50, completed: 45 },
        { unit: "ТФ-ТМ", year: "2025-2026", kind: "introductory", assigned: 20, completed: 20 },
      ],
    });
    expect(r.rows.map((x) => [x.unit, x.assigned, x.completed])).toEqual([
      ["ТФ", 60, 50],
      ["ТФ-ТМ", 70, 65],
    ]);
    expect(r.total).toMatchObject({ assigned: 130, completed: 115, source: "entered" });
  });

  it("a department's counts for a year the faculty's rate was published in do not replace it: flagged beside it", () => {
    const r = practiceReport({
      ...base,
      year: "2019-2020",
      previousYear: "2018-2019",
      counts: [{ unit: "ТФ-ТМ", year: "2019-2020", kind: "production", assigned: 50, completed: 45 }],
      published: [
        { unit: "ТФ", year: "2019-2020", value: 96 },
        { unit: "ТФ", year: "2018-2019", value: 95.2 },
      ],
    });
    expect(r.rows[0]).toMatchObject({ unit: "ТФ", rate: { current: 96, previous: 95.2 }, source: "published" });
    expect(r.flags).toContainEqual({
      code: "practiceCountsBesidePublished",
      params: { unit: "ТФ", printed: 96, computed: 90 },
    });
  });

  it("a unit that reported before and has nothing this year is said to be missing", () => {
    const r = practiceReport({
      ...base,
      counts: [{ unit: "ТФ-ТМ", year: "2025-2026", kind: "production", assigned: 50, completed: 45 }],
      reporting: ["ТФ-ТМ", "ЭФ"],
    });
    expect(r.flags).toEqual([{ code: "practiceMissing", params: { count: 1, units: "ЭФ" } }]);
  });

  it("published rates stay published; the printed total is kept and said to be a mean", () => {
    const r = practiceReport({
      ...base,
      year: "2019-2020",
      previousYear: "2018-2019",
      published: [
        { unit: "ТФ", year: "2019-2020", value: 96 },
        { unit: "ТФ", year: "2018-2019", value: 95.2 },
        { unit: "ЭФ", year: "2019-2020", value: 84 },
        { unit: null, year: "2019-2020", value: 90 },
        { unit: null, year: "2018-2019", value: 89 },
      ],
    });
    expect(r.rows[0]).toMatchObject({ unit: "ТФ", rate: { current: 96, previous: 95.2, changePp: 0.8 }, source: "published" });
    expect(r.total).toMatchObject({ unit: null, rate: { current: 90, previous: 89, changePp: 1 }, source: "published" });
    expect(r.flags.map((f) => f.code)).toEqual(["practiceTotalIsMean"]);
  });

  it("no printed total and some units with rates only: no total, naming them", () => {
    const r = practiceReport({
      ...base,
      counts: [{ unit: "ЭФ", year: "2025-2026", kind: "production", assigned: 40, completed: 40 }],
      published: [{ unit: "ТФ", year: "2025-2026", value: 96 }],
    });
    expect(r.total.rate.current).toBeNull();
    expect(r.flags).toEqual([{ code: "practiceTotalIncomplete", params: { units: "ТФ" } }]);
  });
});
