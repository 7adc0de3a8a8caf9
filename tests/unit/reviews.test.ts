// External-review summaries (DOMAIN.md §5): rating words as typed from reports, criterion
// ids with lettered sub-items, parent rows, page-break duplicates, the summary under each
// rule, the outcome, and the printed summary table checked against the computed one.
import { describe, expect, it } from "vitest";
import {
  comparePrinted,
  DEFAULT_REVIEW_RULES,
  type PrintedRow,
  parseCriterion,
  parseRating,
  parseSection,
  parseStandard,
  type ReadReview,
  type ReviewRow,
  readReview,
  reviewMetaFromComments,
  reviewRecommendations,
  summarizeReview,
} from "../../core/index.ts";

/** Rows as [standard, criterion, rating, comment?], numbered from line 2 (under a header). */
const rows = (...cells: [string, string, string, string?][]): ReviewRow[] =>
  cells.map(([standard, criterion, rating, comment = ""], i) => ({ line: i + 2, standard, criterion, rating, comment }));

function read(r: ReviewRow[]) {
  const out: ReadReview = readReview(r);
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return out;
}

describe("rating words", () => {
  it.each([
    ["Ылайык келет", "meets"],
    ["ылайык  келет", "meets"],
    ["ЫЛАЙЫК КЕЛЕТ", "meets"],
    ["Соответствует", "meets"],
    ["meets", "meets"],
    ["Met", "meets"],
    ["Жарым-жартылай ылайык келет", "partial"],
    ["Жарым – жартылай ылайык келет", "partial"],
    ["Жарым—жартылай ылайык келет", "partial"],
    ["Жарым-жартылайт ылайык келет", "partial"],
    ["жарым жартылай ылайык келет", "partial"],
    ["Частично соответствует", "partial"],
    ["partially meets", "partial"],
    ["Partial", "partial"],
    ["Ылайык келбейт", "notMeets"],
    ["Не соответствует", "notMeets"],
    ["does not meet", "notMeets"],
    ["Not met", "notMeets"],
    // a Latin a, e and o typed into Cyrillic words
    ["Ылaйык кeлет", "meets"],
    ["Cooтветствует", "meets"],
  ])("%s → %s", (raw, rating) => {
    expect(parseRating(raw)).toBe(rating);
  });

  it.each(["", "да", "ылайык", "meets partially maybe", "5"])("%s is no rating", (raw) => {
    expect(parseRating(raw)).toBeNull();
  });

  it.each([
    ["Күчтүү жактары", "strengths"],
    ["Алсыз жактары:", "weaknesses"],
    ["Сунуштар", "recommendations"],
    ["Сунуш", "recommendations"],
    ["Сильные стороны", "strengths"],
    ["Слабые стороны", "weaknesses"],
    ["Рекомендации", "recommendations"],
    ["Weaknesses", "weaknesses"],
  ])("section %s → %s", (raw, section) => {
    expect(parseSection(raw)).toBe(section);
  });
});

describe("criterion and standard cells", () => {
  it.each([
    ["1.7", { number: "1.7", sub: null }],
    ["1.7.", { number: "1.7", sub: null }],
    ["1.7а", { number: "1.7", sub: 0 }],
    ["1.7 a", { number: "1.7", sub: 0 }],
    ["1.7a)", { number: "1.7", sub: 0 }],
    ["1.7б", { number: "1.7", sub: 1 }],
    ["1.7 д", { number: "1.7", sub: 4 }],
    ["1.7e", { number: "1.7", sub: 4 }],
    ["Критерий 2.3", { number: "2.3", sub: null }],
  ])("%s", (raw, id) => {
    expect(parseCriterion(raw)).toEqual(id);
  });

  it.each(["", "абв", "1.7 аб", "Күчтүү"])("%s is no criterion", (raw) => {
    expect(parseCriterion(raw)).toBeNull();
  });

  it("a standard by number, 'Стандарт N' or name", () => {
    expect(parseStandard("1")?.key).toBe("1");
    expect(parseStandard("Стандарт 2")?.key).toBe("2");
    expect(parseStandard("Standard 3. Programmes")?.key).toBe("3");
    expect(parseStandard("Миссия")).toEqual({ key: "миссия", label: "Миссия" });
    expect(parseStandard("  ")).toBeNull();
  });
});

describe("the review summary", () => {
  it("the DOMAIN example: meets, partially, meets, meets → 4 / 3 / 1 / 0, fulfilled", () => {
    const r = read(rows(["1", "1.1", "meets"], ["1", "1.2", "partially meets"], ["1", "1.3", "meets"], ["1", "1.4", "meets"]));
    const s = summarizeReview(r.review);
    expect(s.standards).toEqual([{ standard: "1", criteria: 4, meets: 3, partial: 1, notMeets: 0, fulfilled: true }]);
    expect(s.outcome).toEqual({ recommended: true, termYears: 5, unfulfilled: [] });
  });

  it("sub-items count as one criterion with their worst rating, under a parent row without one", () => {
    const r = read(
      rows(
        ["1", "1.6", "Ылайык келет"],
        ["1", "1.7", ""],
        ["1", "1.7а", "Ылайык келет"],
        ["1", "1.7б", "Жарым-жартылай ылайык келет"],
        ["1", "1.7в", "Ылайык келет"],
        ["1", "1.7 г", "Ылайык келет"],
        ["1", "1.7д)", "Ылайык келет"],
        ["1", "1.8", "Ылайык келбейт"],
      ),
    );
    const s = summarizeReview(r.review);
    expect(s.standards[0]).toMatchObject({ criteria: 3, meets: 1, partial: 1, notMeets: 1, fulfilled: false });
    expect(r.review.standards[0]?.criteria[1]).toMatchObject({ number: "1.7", rating: "partial", subItems: 5, line: 3 });
    expect(r.warnings).toEqual([]);
  });

  it("sub-items without a parent row, Latin letters, and the standard left blank under its first row", () => {
    const r = read(rows(["2", "2.1a", "meets"], ["", "2.1b", "not met"], ["", "2.2", "meets"]));
    expect(summarizeReview(r.review).standards).toEqual([
      { standard: "2", criteria: 2, meets: 1, partial: 0, notMeets: 1, fulfilled: false },
    ]);
  });

  it("a row typed twice across a page break counts once, with a warning naming both lines", () => {
    const r = read(rows(["1", "1.1", "Ылайык келет"], ["1", "1.2", "Соответствует"], ["1", "1.2", "соответствует"]));
    expect(summarizeReview(r.review).total).toEqual({ criteria: 2, meets: 2, partial: 0, notMeets: 0 });
    expect(r.warnings).toEqual([{ line: 4, code: "reviewDuplicateRow", params: { criterion: "1.2", first: 3 } }]);
  });

  it("the same criterion twice with different ratings is an error naming both lines", () => {
    const out = readReview(rows(["1", "1.1", "meets"], ["1", "1.2", "meets"], ["1", "1.2", "Частично соответствует"]));
    expect(out).toEqual({
      ok: false,
      errors: [{ line: 4, code: "reviewConflictingRows", params: { criterion: "1.2", first: 3 } }],
    });
  });

  it("ratings in Kyrgyz, Russian and English in one file", () => {
    const r = read(
      rows(
        ["1", "1.1", "Ылайык келет"],
        ["1", "1.2", "Частично соответствует"],
        ["1", "1.3", "does not meet"],
        ["1", "1.4", "Жарым – жартылай ылайык келет"],
        ["1", "1.5", "Не соответствует"],
        ["1", "1.6", "met"],
      ),
    );
    expect(summarizeReview(r.review).total).toEqual({ criteria: 6, meets: 2, partial: 2, notMeets: 2 });
  });

  it("an unknown rating is rejected with its line and the word", () => {
    const out = readReview(rows(["1", "1.1", "meets"], ["1", "1.2", "жакшы"], ["1", "1.3", "meets"]));
    expect(out).toEqual({ ok: false, errors: [{ line: 3, code: "reviewUnknownRating", params: { value: "жакшы" } }] });
  });

  it("a criterion left without a rating and without sub-items is an error", () => {
    const out = readReview(rows(["1", "1.1", "meets"], ["1", "1.2", ""]));
    expect(out).toEqual({ ok: false, errors: [{ line: 3, code: "reviewMissingRating", params: { criterion: "1.2" } }] });
  });

  it("a criterion cell that is no criterion is an error naming it", () => {
    const out = readReview(rows(["1", "бир", "meets"]));
    expect(out.ok ? [] : out.errors.map((e) => e.code)).toEqual(["reviewBadCriterion"]);
  });

  it("a majority-meets rule fails a standard the default rule fulfils", () => {
    // 4 criteria: 2 meet, 2 partially: no "does not meet" (default: fulfilled), but not more than half meet
    const r = read(rows(["1", "1.1", "meets"], ["1", "1.2", "partial"], ["1", "1.3", "partial"], ["1", "1.4", "meets"]));
    const byDefault = summarizeReview(r.review);
    const majority = summarizeReview(r.review, { ...DEFAULT_REVIEW_RULES, fulfilled: "majority-meets" });
    expect(byDefault.standards[0]?.fulfilled).toBe(true);
    expect(byDefault.outcome.recommended).toBe(true);
    expect(majority.standards[0]?.fulfilled).toBe(false);
    expect(majority.outcome).toEqual({ recommended: false, termYears: null, unfulfilled: ["1"] });
    const allMeet = summarizeReview(r.review, { ...DEFAULT_REVIEW_RULES, fulfilled: "all-meet" });
    expect(allMeet.standards[0]?.fulfilled).toBe(false);
  });

  it("the outcome allows as many unfulfilled standards as the rule says, for its term", () => {
    const r = read(rows(["1", "1.1", "meets"], ["2", "2.1", "does not meet"], ["3", "3.1", "meets"], ["5", "5.1", "not met"]));
    expect(summarizeReview(r.review).outcome).toEqual({ recommended: false, termYears: null, unfulfilled: ["2", "5"] });
    const lenient = summarizeReview(r.review, { fulfilled: "no-not-meets", allowUnfulfilled: 2, termYears: 3 });
    expect(lenient.outcome).toEqual({ recommended: true, termYears: 3, unfulfilled: ["2", "5"] });
  });

  it("strengths, weaknesses and recommendations are collected per standard", () => {
    const r = read(
      rows(
        ["1", "1.1", "meets"],
        ["1", "Күчтүү жактары", "", "Окутуучулардын квалификациясы жогору"],
        ["1", "Сунуштар", "", "Бүтүрүүчүлөрдү көзөмөлдөө системасын түзүү"],
        ["2", "2.1", "meets"],
        ["", "Рекомендации", "", "Обновить учебные планы"],
        ["2", "Recommendations", "", "Invite employers"],
      ),
    );
    const s = summarizeReview(r.review);
    expect(s.notes[0]).toEqual({
      standard: "1",
      strengths: ["Окутуучулардын квалификациясы жогору"],
      weaknesses: [],
      recommendations: ["Бүтүрүүчүлөрдү көзөмөлдөө системасын түзүү"],
    });
    expect(reviewRecommendations(s)).toEqual([
      { standard: "1", text: "Бүтүрүүчүлөрдү көзөмөлдөө системасын түзүү" },
      { standard: "2", text: "Обновить учебные планы" },
      { standard: "2", text: "Invite employers" },
    ]);
    expect(s.total.criteria).toBe(2);
  });
});

describe("the printed summary table against the computed one", () => {
  const summary = summarizeReview(
    read(rows(["1", "1.1", "meets"], ["1", "1.2", "partial"], ["2", "2.1", "meets"], ["2", "2.2", "not met"])).review,
  );
  const printed = (...cells: [string, string, string, string, string, string?][]): PrintedRow[] =>
    cells.map(([standard, criteria, meets, partial, notMeets, fulfilled], i) => ({
      line: i + 2,
      standard,
      criteria,
      meets,
      partial,
      notMeets,
      ...(fulfilled === undefined ? {} : { fulfilled }),
    }));

  it("a print that agrees, with '-' for 0, has no differences", () => {
    const out = comparePrinted(
      summary,
      printed(["1", "2", "1", "1", "-", "ооба"], ["2", "2", "1", "–", "1", "жок"], ["Жалпы", "4", "2", "1", "1"]),
    );
    expect(out).toEqual({ ok: true, differences: [] });
  });

  it("each disagreeing cell is flagged with the printed and the computed value", () => {
    const out = comparePrinted(
      summary,
      printed(["Стандарт 1", "2", "2", "-", "-", "да"], ["2", "2", "1", "-", "1", "да"], ["Итого", "4", "3", "0", "1"]),
    );
    expect(out).toEqual({
      ok: true,
      differences: [
        { line: 2, standard: "1", column: "meets", printed: 2, computed: 1 },
        { line: 2, standard: "1", column: "partial", printed: 0, computed: 1 },
        { line: 3, standard: "2", column: "fulfilled", printed: true, computed: false },
        { line: 4, standard: null, column: "meets", printed: 3, computed: 2 },
        { line: 4, standard: null, column: "partial", printed: 0, computed: 1 },
      ],
    });
  });

  it("a standard only one side has is flagged; a count that is no number is an error", () => {
    expect(comparePrinted(summary, printed(["1", "2", "1", "1", "0"], ["7", "1", "1", "0", "0"]))).toEqual({
      ok: true,
      differences: [
        { line: 3, standard: "7", column: "standard", printed: "7", computed: null },
        { line: 0, standard: "2", column: "standard", printed: null, computed: "2" },
      ],
    });
    expect(comparePrinted(summary, printed(["1", "two", "1", "1", "0"]))).toEqual({
      ok: false,
      errors: [{ line: 2, code: "reviewPrintedNotCount", params: { column: "criteria", value: "two" } }],
    });
  });
});

describe("what the review is of, from leading comment lines", () => {
  it("reads key: value lines in any language and skips other comments", () => {
    expect(
      reviewMetaFromComments([
        "SYNTHETIC SAMPLE: not a real review",
        "agency: Агенттик",
        "Приказ: 45-А",
        "order_date: 2024-05-20",
        "Визит: 15.04.2024–17.04.2024",
        "programmes: 150600, 230100",
        "note: ignored",
      ]),
    ).toEqual({
      agency: "Агенттик",
      order: "45-А",
      orderDate: "2024-05-20",
      visit: "15.04.2024–17.04.2024",
      programmes: "150600, 230100",
    });
  });
});
