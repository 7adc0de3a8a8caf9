import { describe, expect, it } from "vitest";
import { findUnit, normalizeName, parseIntent } from "../../core/index.ts";

const units = [
  { code: "МТФ", names: ["Машина-технологиялык факультет", "Машиностроительный факультет"] },
  { code: "ЭТИ" },
  { code: "ТФ" },
  { code: "ЭФ" },
  { code: "ИЭФ" },
  { code: "МЖМ" },
  { code: "Токмок ш. филиал" },
  { code: "Политех. колледж" },
];

describe("free-text intents", () => {
  it.each([
    ["МТФ карызкорлор", "debtors", "МТФ"],
    ["МТФтын карызкорлорун көрсөт", "debtors", "МТФ"],
    ["долги в МТФе", "debtors", "МТФ"],
    ["ТФФ карызкорлор", "debtors", undefined],
    ["должники МТФ", "debtors", "МТФ"],
    ["сколько должников в МТФ?", "debtors", "МТФ"],
    ["debtors MTF", "debtors", "МТФ"],
    ["Debtors mtf", "debtors", "МТФ"],
    ["ЭТИ жетишкендик", "stats", "ЭТИ"],
    ["успеваемость ЭТИ", "stats", "ЭТИ"],
    ["achievement ETI", "stats", "ЭТИ"],
    ["ТФ практика", "practice", "ТФ"],
    ["практика ТФ", "practice", "ТФ"],
    ["practice EF", "practice", "ЭФ"],
    ["МЖМ", null, "МЖМ"],
    ["hello", null, undefined],
  ])("%s → %s %s", (text, kind, unit) => {
    const i = parseIntent(text, units);
    expect(i.kind).toBe(kind);
    expect(i.unit).toBe(unit);
  });

  it("reads stage, form and year words in three languages", () => {
    expect(parseIntent("МТФ карызкорлор негизги сессия", units)).toMatchObject({ stage: "main" });
    expect(parseIntent("должники МТФ после пересдач заочная", units)).toMatchObject({
      stage: "after-retakes",
      form: "part-time",
    });
    expect(parseIntent("debtors MTF main full-time 2019-2020", units)).toMatchObject({
      stage: "main",
      form: "full-time",
      year: "2019-2020",
    });
    expect(parseIntent("ЭТИ кайра тапшыруудан кийин күндүзгү", units)).toMatchObject({
      stage: "after-retakes",
      form: "full-time",
    });
    expect(parseIntent("debtors MTF 2019-2021", units).year).toBeUndefined();
  });

  it("prefers the longest unit name and matches whole words only", () => {
    expect(findUnit("Токмок ш. филиал карызкорлор", units)).toBe("Токмок ш. филиал");
    expect(findUnit("политех колледж", units)).toBe("Политех. колледж");
    expect(findUnit("ИЭФ", units)).toBe("ИЭФ"); // not ЭФ inside it
    expect(findUnit("машиностроительный факультет", units)).toBe("МТФ");
    expect(normalizeName("ЭТИ")).toBe("eti");
  });
});
