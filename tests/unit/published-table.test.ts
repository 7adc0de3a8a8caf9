// The export's table: sections per form with their totals, and published figures beside the
// recomputed ones exactly where a flag says they differ (or nothing can be recomputed).
import { describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY, type Form, publishedTable, type SessionSelection, sessionReport } from "../../core/index.ts";
import { sessionResult } from "./fixtures.ts";

const rows = [
  // published debtors 61, recomputed 60; absolute 50.0 agrees
  sessionResult(
    "A",
    { enrolled: 100, admitted: 90, passedAll: 40 },
    { reported: { absolute: 44.4, quality: 30, debtors: 61, debtorShare: 60 } },
  ),
  sessionResult("I", { enrolled: 50, admitted: 50, passedAll: 40 }, { unitKind: "institute" }),
  sessionResult("A", { enrolled: 20, admitted: 20, passedAll: 10 }, { form: "part-time" }),
];
const printed = (scope: string) => ({
  year: "2019-2020",
  term: "spring" as const,
  stage: "after-retakes" as const,
  scope,
  enrolled: null,
  admitted: null,
  passedAll: null,
  absolute: 60,
  debtors: 71,
  debtorShare: null,
});

function table(selection: Partial<SessionSelection>, totals = [printed("main university full-time")]) {
  const s: SessionSelection = { year: "2019-2020", term: "spring", stage: "after-retakes", ...selection };
  const report = (over: Partial<SessionSelection> = {}) => sessionReport(rows, { ...s, ...over }, DEFAULT_METHODOLOGY, totals);
  const forms: Form[] = s.form ? [s.form] : ["full-time", "part-time"];
  return publishedTable(
    report(),
    forms.map((form) => report({ form })),
  );
}

describe("publishedTable", () => {
  it("gives each form its lines and total, and a grand total over both", () => {
    const t = table({});
    expect(t.sections.map((s) => [s.form, s.lines.map((l) => l.unit), s.total.enrolled])).toEqual([
      ["full-time", ["A", "I"], 150],
      ["part-time", ["A"], 20],
    ]);
    expect(t.total).toMatchObject({ unit: null, form: null, enrolled: 170, passedAll: 90, counts: { enrolled: 170 } });
    expect(table({ form: "part-time" }).total).toBeNull();
  });

  it("puts a unit's published figure beside the recomputed one where they differ, or where nothing is recomputed", () => {
    const a = table({}).sections[0]?.lines[0];
    expect(a).toMatchObject({ unit: "A", debtors: 60, quality: null, absolute: 44.4 });
    // debtors differ (a flag), quality has no grade counts to check it against; absolute agrees
    expect(a?.beside).toEqual({ debtors: 61, quality: 30 });
    expect(table({}).sections[0]?.lines[1]?.beside).toEqual({});
  });

  it("puts a printed total beside a total line covering exactly its units", () => {
    const covered = table({ form: "full-time", kinds: ["faculty", "institute"] });
    // recomputed: 80 / 140 = 57.1%, debtors 150 − 80 = 70
    expect(covered.sections[0]?.total).toMatchObject({ absolute: 57.1, debtors: 70, beside: { absolute: 60, debtors: 71 } });
    expect(table({ form: "full-time" }).sections[0]?.total.beside).toEqual({});
    expect(table({ form: "full-time", kinds: ["faculty", "institute"], units: ["A"] }).sections[0]?.total.beside).toEqual({});
  });
});
