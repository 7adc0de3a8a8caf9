import { describe, expect, it } from "vitest";
import { allCourses, DEFAULT_METHODOLOGY, metrics, sumCounts, totalOf } from "../../core/index.ts";

import { counts, sessionResult as result } from "./fixtures.ts";

describe("aggregation", () => {
  it("sums counts and recomputes ratios, never averaging percentages", () => {
    const rows = [
      result("A", { enrolled: 10, admitted: 10, passedAll: 9 }),
      result("B", { enrolled: 90, admitted: 90, passedAll: 9 }),
    ];
    const m = metrics(totalOf(rows), DEFAULT_METHODOLOGY);
    expect(m.absolute).toBe(18); // 18/100, not (90 + 10) / 2 = 50
  });

  it("leaves results marked not counted in total out of the total", () => {
    const rows = [
      result("A", { enrolled: 10, admitted: 10, passedAll: 5 }),
      result("МЖМ", { enrolled: 426, admitted: 393, passedAll: 328 }, { countedInTotal: false }),
    ];
    expect(totalOf(rows)).toMatchObject({ enrolled: 10, admitted: 10, passedAll: 5 });
  });

  it("makes a field null in the sum when any row lacks it", () => {
    const s = sumCounts([counts({ enrolled: 1, excellentOnly: 1 }), counts({ enrolled: 2 })]);
    expect(s.enrolled).toBe(3);
    expect(s.excellentOnly).toBeNull();
    expect(sumCounts([]).enrolled).toBeNull();
  });

  it("sums course rows when no all-courses row is given, and prefers the all-courses row", () => {
    const c1 = result("A", { enrolled: 10, admitted: 9, passedAll: 8 }, { course: 1 });
    const c2 = result("A", { enrolled: 20, admitted: 19, passedAll: 10 }, { course: 2 });
    expect(allCourses([c1, c2])).toHaveLength(1);
    expect(allCourses([c1, c2])[0]?.counts).toMatchObject({ enrolled: 30, admitted: 28, passedAll: 18 });
    const whole = result("A", { enrolled: 31, admitted: 28, passedAll: 18 });
    expect(allCourses([c1, whole, c2])[0]?.counts.enrolled).toBe(31);
  });
});
