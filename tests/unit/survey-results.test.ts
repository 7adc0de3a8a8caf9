// Survey results in the core: columns of a form's export told apart, scales found from the
// answers, distributions in scale order with one-decimal shares, and small groups hidden.
import { describe, expect, it } from "vitest";
import {
  distribution,
  looksLikeResponses,
  MIN_GROUP,
  parseResponseTime,
  type ResultRecipient,
  type ResultResponse,
  responseColumns,
  surveyResults,
  unitRows,
} from "../../core/index.ts";

const many = (answer: string, n: number) => Array.from({ length: n }, () => answer);

describe("scales", () => {
  it("shows 34/53/7/3/3 of 100 as 34,0 / 53,0 / 7,0 / 3,0 / 3,0 in scale order, as the form words it", () => {
    const answers = [
      ...many("Жаман", 3),
      ...many("Эң жакшы", 34),
      ...many("Өтө жаман", 3),
      ...many("Жакшы", 53),
      ...many("Канааттандырарлык", 7),
    ];
    const d = distribution(answers);
    expect(d.scale).toBe("five");
    expect(d.answers.map((a) => [a.answer, a.count, a.share])).toEqual([
      ["Эң жакшы", 34, 34],
      ["Жакшы", 53, 53],
      ["Канааттандырарлык", 7, 7],
      ["Жаман", 3, 3],
      ["Өтө жаман", 3, 3],
    ]);
  });

  it("finds ru and en 5-point words, numeric 1–5, 4-point agreement and yes/no; options nobody chose show 0", () => {
    expect(distribution(["отлично", "Хорошо", "очень плохо"]).answers.map((a) => a.count)).toEqual([1, 1, 0, 0, 1]);
    expect(distribution(["good", "Very bad"]).scale).toBe("five");
    const numeric = distribution(["5", "4", "4", "1"]);
    expect([numeric.scale, numeric.answers.map((a) => a.answer)]).toEqual(["numeric", ["5", "4", "3", "2", "1"]]);
    const four = distribution(["Макулмун", "такыр макул эмесмин"]);
    expect([four.scale, four.answers.map((a) => a.count)]).toEqual(["four", [0, 1, 0, 1]]);
    expect(distribution(["скорее согласен", "полностью не согласен"]).scale).toBe("four");
    const yes = distribution(["Ооба", "жок", "ооба", ""]);
    expect([yes.scale, yes.answered, yes.answers.map((a) => [a.answer, a.share])]).toEqual([
      "yesNo",
      3,
      [
        ["Ооба", 66.7],
        ["жок", 33.3],
      ],
    ]);
    expect(distribution(["Да", "Нет", "Нет"]).answers.map((a) => a.answer)).toEqual(["Да", "Нет"]);
  });

  it("lists free text by count, most frequent first, merging answers that differ only in case and spaces", () => {
    const d = distribution(["Wi-Fi", "Китепкана ", "китепкана", "Wi-Fi", " КИТЕПКАНА", "Практика", "да", ""]);
    expect(d.scale).toBe("text");
    expect(d.answers.map((a) => [a.answer, a.count])).toEqual([
      ["Китепкана", 3],
      ["Wi-Fi", 2],
      ["да", 1],
      ["Практика", 1],
    ]);
    expect(d.answers[0]?.share).toBe(42.9);
  });
});

describe("export columns", () => {
  const header = ["Отметка времени", "Адрес электронной почты", "Жеке код", "Баа", "Баллы"];
  const rows = [
    {
      "Отметка времени": "05.09.2026 10:00:00",
      "Адрес электронной почты": "a@b.kg",
      "Жеке код": "Ab3dEf6hIj9_",
      Баа: "Жакшы",
      Баллы: "",
    },
  ];

  it("tells the timestamp, e-mail, score and token columns from the questions", () => {
    const c = responseColumns(header, rows, () => false);
    expect(c).toEqual({
      timestamp: "Отметка времени",
      token: "Жеке код",
      unit: null,
      other: ["Адрес электронной почты", "Баллы"],
      questions: ["Баа"],
    });
    expect(looksLikeResponses(header, rows)).toBe(true);
    expect(looksLikeResponses(["Timestamp", "Question"], [{ Timestamp: "x", Question: "Yes" }])).toBe(false);
  });

  it("takes the column holding the survey's own tokens, whatever its title", () => {
    const r = [{ Timestamp: "2026/09/05", "Your code": "abc", Q: "abcdefghijkl" }];
    expect(responseColumns(["Timestamp", "Your code", "Q"], r, (v) => v === "abc").token).toBe("Your code");
  });

  it("reads Google's timestamps in the institution's zone", () => {
    expect(parseResponseTime("05.09.2026 10:23:45", 360)?.toISOString()).toBe("2026-09-05T04:23:45.000Z");
    expect(parseResponseTime("2026/09/05 10:23:45 PM GMT+6", 0)?.toISOString()).toBe("2026-09-05T16:23:45.000Z");
    expect(parseResponseTime("2026-09-05", 360)?.toISOString()).toBe("2026-09-04T18:00:00.000Z");
    expect(parseResponseTime("31.02.2026 10:00", 360)).toBeNull();
    expect(parseResponseTime("вчера", 360)).toBeNull();
  });
});

function people(unitCode: string, course: number, audience: number, responded: number) {
  const recipients: ResultRecipient[] = Array.from({ length: audience }, (_, i) => ({
    unitCode,
    course,
    reachable: i % 10 !== 0,
  }));
  const responses: ResultResponse[] = Array.from({ length: responded }, () => ({ unitCode, course, answers: { Q: "Ооба" } }));
  return { recipients, responses };
}

describe("anonymity", () => {
  it("does not show a group of 4 on its own: it is pooled with the next smallest and counted in the total", () => {
    const parts = [people("ЭФ", 2, 40, 30), people("ЭФ", 3, 35, 25), people("ЭФ", 4, 10, 4), people("ТФ", 2, 30, 22)];
    const r = surveyResults(
      parts.flatMap((p) => p.recipients),
      parts.flatMap((p) => p.responses),
      ["ТФ", "ЭФ"],
    );
    expect(r.rate.responses).toBe(81);
    expect(r.rate.audience).toBe(115);
    expect(r.groups.map((g) => [g.unitCode, g.course, g.responses, g.audience])).toEqual([
      ["ТФ", 2, 22, 30],
      ["ЭФ", 2, 30, 40],
      ["ЭФ", null, 29, 45],
    ]);
    expect(r.groups.some((g) => g.responses === 4)).toBe(false);
    expect(r.hiddenGroups).toBe(2);
  });

  it("pools two small groups without a shown one when together they reach 5; a pool under 5 is left out", () => {
    expect(unitRows([...group(2, 40), ...group(3, 3), ...group(4, 2)]).shown.map((g) => [g.course, g.responses])).toEqual([
      [2, 40],
      [null, 5],
    ]);
    const lone = unitRows(group(1, 3));
    expect([lone.shown, lone.hidden]).toEqual([[], 1]);
  });

  it("shows no distribution over fewer than 5 responses", () => {
    const p = people("ЭФ", 2, 10, MIN_GROUP - 1);
    const r = surveyResults(p.recipients, p.responses);
    expect([r.distributionsShown, r.questions[0]?.answers]).toEqual([false, []]);
    expect(r.rate.responses).toBe(4);
  });
});

function group(course: number, responses: number) {
  return [{ unitCode: "ЭФ", course, responses, audience: 50, reachable: 45 }];
}
