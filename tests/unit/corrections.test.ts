import { describe, expect, it } from "vitest";
import { correctionWarnings, type FigureChange } from "../../core/index.ts";

const count = (column: string, from: number | null, to: number | null): FigureChange => ({ column, from, to, count: true });

describe("corrections that deserve a second look", () => {
  it("calls out a count three times larger or smaller", () => {
    expect(correctionWarnings([count("enrolled", 873, 1_000_000)], [1_000_000, 819, 348])).toEqual([
      { code: "correctionJump", params: { column: "enrolled", from: 873, to: 1_000_000, factor: 3 } },
    ]);
    expect(correctionWarnings([count("passed_all", 348, 116)], [873, 819, 116])).toHaveLength(1);
    expect(correctionWarnings([count("passed_all", 348, 117)], [873, 819, 117])).toEqual([]);
  });
  it("leaves small counts and non-counts alone", () => {
    expect(correctionWarnings([count("debts_3plus", 1, 3)], [10, 9, 3])).toEqual([]);
    expect(correctionWarnings([{ column: "absolute_reported", from: 90, to: 10, count: false }], [10, 9, 3])).toEqual([]);
    expect(correctionWarnings([count("no_show", null, 40)], [10, 9, 3])).toEqual([]);
    // a stored 0 filled in is ordinary; a count dropping to 0 is not
    expect(correctionWarnings([count("no_show", 0, 40)], [10, 9, 40])).toEqual([]);
    expect(correctionWarnings([count("no_show", 40, 0)], [10, 9, 0])).toHaveLength(1);
  });
  it("says once that every count becomes zero", () => {
    const zeroed = [count("enrolled", 873, 0), count("admitted", 819, 0), count("passed_all", 348, 0)];
    expect(correctionWarnings(zeroed, [0, 0, 0, null])).toEqual([{ code: "correctionZeroed", params: {} }]);
    // zero where it was zero before is no correction to call out
    expect(correctionWarnings([count("no_show", 0, 0)], [0, 0])).toEqual([]);
  });
});
