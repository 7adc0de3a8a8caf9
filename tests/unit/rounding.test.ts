import { describe, expect, it } from "vitest";
import { changePp, percent, round1 } from "../../core/index.ts";

describe("rounding: one decimal, half away from zero", () => {
  it("rounds exact halves up, in integers", () => {
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(5785, 10000)).toBe(57.9); // 57.85 would become 57.8 in floating point
    expect(percent(1, 2000)).toBe(0.1); // 0.05
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
  });

  it("rounds negatives away from zero", () => {
    expect(round1(-0.25)).toBe(-0.3);
    expect(round1(0.15)).toBe(0.2);
    expect(round1(1.005)).toBe(1);
    expect(percent(-1, 8)).toBe(-12.5);
  });

  it("has no percentage of an empty base", () => {
    expect(percent(3, 0)).toBeNull();
  });

  it("compares shown figures in percentage points", () => {
    expect(changePp(57.9, 41.1)).toBe(16.8);
    expect(changePp(42.5, 56.0)).toBe(-13.5);
    expect(changePp(null, 3)).toBeNull();
  });
});
