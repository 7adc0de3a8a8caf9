import { describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY, emptyCounts, metrics, type SessionCounts } from "../../core/index.ts";

const counts = (c: Partial<SessionCounts>): SessionCounts => ({ ...emptyCounts(), ...c });

describe("metrics of one result", () => {
  it("reproduces МТФ full-time after re-takes (DOMAIN.md worked example)", () => {
    const m = metrics(counts({ enrolled: 873, admitted: 819, passedAll: 348 }), DEFAULT_METHODOLOGY);
    expect(m).toMatchObject({ absolute: 42.5, debtors: 525, debtorShare: 60.1, admissionRate: 93.8, quality: null });
  });

  it("uses the enrolled base when the institution computes on the roll", () => {
    const m = metrics(counts({ enrolled: 873, admitted: 819, passedAll: 348 }), {
      base: "enrolled",
      debtorsIncludeNotAdmitted: true,
    });
    expect(m.absolute).toBe(39.9); // 348 / 873
    expect(m.debtors).toBe(525);
  });

  it("counts debtors over the admitted when the not admitted are excluded", () => {
    const m = metrics(counts({ enrolled: 873, admitted: 819, passedAll: 348 }), {
      base: "admitted",
      debtorsIncludeNotAdmitted: false,
    });
    expect(m.debtors).toBe(471); // 819 − 348
    expect(m.debtorShare).toBe(57.5); // 471 / 819
  });

  it("computes quality from the two top grade bands over the base", () => {
    const m = metrics(
      counts({ enrolled: 100, admitted: 80, passedAll: 60, excellentOnly: 10, excellentGood: 22 }),
      DEFAULT_METHODOLOGY,
    );
    expect(m.quality).toBe(40); // 32 / 80
    expect(
      metrics(counts({ enrolled: 100, admitted: 80, passedAll: 60, excellentOnly: 10, excellentGood: 22 }), {
        ...DEFAULT_METHODOLOGY,
        base: "enrolled",
      }).quality,
    ).toBe(32);
  });

  it("gives null, not zero, where a figure cannot be computed", () => {
    expect(metrics(counts({ enrolled: 0, admitted: 0, passedAll: 0 }), DEFAULT_METHODOLOGY)).toMatchObject({
      absolute: null,
      debtorShare: null,
      debtors: 0,
    });
    expect(metrics(counts({ enrolled: 10 }), DEFAULT_METHODOLOGY)).toMatchObject({
      absolute: null,
      debtors: null,
      admissionRate: null,
    });
  });
});
