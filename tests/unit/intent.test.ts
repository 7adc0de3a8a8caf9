import { describe, expect, it } from "vitest";
import { closestUnits, detectLanguage, findUnit, normalizeName, parseIntent } from "../../core/index.ts";

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

// The demo's units as its units file names them (data/kstu/kstu-units.csv).
const kstu = [
  ...units,
  { code: "Кара-Балта ш. филиал", names: ["Кара-Балта шаардык филиалы", "Кара-Балтинский филиал", "Кара-Балта"] },
  { code: "Кызыл-Кия ш. филиал", names: ["Кызыл-Кыя шаардык филиалы", "Кызыл-Кия", "Кызыл-Кыя"] },
  { code: "Кара-Куль ш. филиал", names: ["Кара-Көл шаардык филиалы", "Кара-Куль", "Кара-Көл"] },
  { code: "Токмок ш. филиал", names: ["Токмок шаардык филиалы", "Токмакский филиал", "Токмок", "Токмак"] },
];

describe("a unit named by code, name or alias, with endings, in any case and script", () => {
  it.each([
    ["Кара-Балта карызкорлор", "Кара-Балта ш. филиал"],
    ["сколько должников в Токмоке", "Токмок ш. филиал"],
    ["должники Кызыл-Кия", "Кызыл-Кия ш. филиал"],
    ["Кызыл-Кыяда канча карызкор бар", "Кызыл-Кия ш. филиал"],
    ["Кара-Балтадагы карызкорлор", "Кара-Балта ш. филиал"],
    ["должники в Кара-Балте", "Кара-Балта ш. филиал"],
    ["Кара-Балтинский филиал должники", "Кара-Балта ш. филиал"],
    ["Кара-Көлдүн карызкорлору", "Кара-Куль ш. филиал"],
    ["debtors kara-kul", "Кара-Куль ш. филиал"],
    ["ТОКМОК карызкорлор", "Токмок ш. филиал"],
    ["должники Токмака", "Токмок ш. филиал"],
    ["debtors Tokmok", "Токмок ш. филиал"],
    ["дoлжники MТФ", "МТФ"], // a Latin o in a Cyrillic word, a Latin M
    ["ТФтын карызкорлору", "ТФ"],
  ])("%s → %s", (text, unit) => {
    const i = parseIntent(text, kstu);
    expect(i.unit).toBe(unit);
    expect(i.unknown).toBeUndefined();
  });

  it("words no unit is called are handed back as typed, never dropped for the whole institution", () => {
    expect(parseIntent("Каракол карызкорлор", kstu)).toMatchObject({ kind: "debtors", unknown: "Каракол" });
    expect(parseIntent("сколько должников в Оше", kstu)).toMatchObject({ kind: "debtors", unknown: "Оше" });
    expect(parseIntent("debtors of Naryn branch please", kstu)).toMatchObject({ kind: "debtors", unknown: "Naryn" });
    // filler words alone are not a name
    expect(parseIntent("сколько всего должников?", kstu)).toEqual({ kind: "debtors", language: "ru" });
    expect(parseIntent("канча карызкор бар", kstu).unknown).toBeUndefined();
  });

  it("suggests the closest names of a unit not found", () => {
    expect(closestUnits("Каракол", kstu)).toEqual(["Кара-Куль ш. филиал"]);
    expect(closestUnits("Кара", kstu)).toEqual(["Кара-Балта ш. филиал", "Кара-Куль ш. филиал"]);
    expect(closestUnits("ТФФ", kstu)).toEqual(["ТФ"]);
    expect(closestUnits("ЖЖЖ", kstu)).toEqual([]);
  });
});

describe("keywords are whole words with their endings, never pieces of other words", () => {
  it("'Срочно: должники МТФ' is not full-time ('очн' is inside 'срочно')", () => {
    const i = parseIntent("Срочно: должники МТФ", units);
    expect(i).toMatchObject({ kind: "debtors", unit: "МТФ" });
    expect(i.form).toBeUndefined();
  });

  it.each([
    ["сколько долго ждать МТФ", { kind: null }], // долго is not долг
    ["МТФ afternoon", { kind: null }], // not after re-takes
    ["МТФ status", { kind: null }], // not stats
    ["МТФ неосновной", {}], // not the main stage
    ["МТФ внеочередной", {}], // not full-time
    ["МТФ mainly", {}],
    ["practically МТФ", { kind: null }],
  ])("%s", (text, expected) => {
    const i = parseIntent(text, units);
    expect(i).toMatchObject(expected);
    expect(i.stage).toBeUndefined();
    expect(i.form).toBeUndefined();
  });

  it("reads endings: должникам, очной, заочники, после пересдачи, сырттан окуугандар", () => {
    expect(parseIntent("по должникам МТФ очной формы", units)).toMatchObject({ kind: "debtors", form: "full-time" });
    expect(parseIntent("заочники МТФ после пересдачи", units)).toMatchObject({ form: "part-time", stage: "after-retakes" });
    expect(parseIntent("МТФ сырттан окуугандардын карызкорлору", units)).toMatchObject({ kind: "debtors", form: "part-time" });
    expect(parseIntent("МТФ долги основной сессии", units)).toMatchObject({ kind: "debtors", stage: "main" });
  });
});

describe("a course", () => {
  it.each([
    ["МТФ 1-курс карызкорлор", 1],
    ["МТФ 2 курс карызкорлор", 2],
    ["должники МТФ 3-го курса", 3],
    ["должники МТФ курс 4", 4],
    ["debtors MTF 1st year", 1],
    ["МТФ биринчи курстун карызкорлору", 1],
    ["должники второго курса МТФ", 2],
  ])("%s → course %i", (text, course) => {
    const i = parseIntent(text, units);
    expect(i).toMatchObject({ kind: "debtors", unit: "МТФ", course });
    expect(i.unknown).toBeUndefined();
  });

  it("a year is not a course", () => {
    expect(parseIntent("МТФ жетишкендик 2018-2019", units)).toEqual({
      kind: "stats",
      unit: "МТФ",
      year: "2018-2019",
      language: "ky",
    });
  });
});

describe("the language of a question", () => {
  it.each([
    ["Кара-Балта карызкорлор", "ky"],
    ["МТФ боюнча канча карызкор бар?", "ky"],
    ["Үчүнчү курс", "ky"],
    ["сколько должников в Токмоке", "ru"],
    ["должники Кара-Көл", "ru"], // a Kyrgyz name in a Russian question
    ["debtors MTF", "en"],
    ["how many debtors in Tokmok", "en"],
    ["МТФ", null],
    ["2019-2020", null],
    ["@sapat_test_bot должники МТФ", "ru"], // a mention in a group is not English
    ["https://t.me/sapat_bot?start=x карызкорлор", "ky"],
  ])("%s → %s", (text, lng) => {
    expect(detectLanguage(text)).toBe(lng);
  });

  it("reads the bot's own answers, so a button keeps the language of the message it is on", () => {
    expect(detectLanguage("МТФ — должники\n2019-2020 учебный год, весенняя сессия, после пересдач")).toBe("ru");
    expect(detectLanguage("МТФ — карызкорлор\n2019-2020 окуу жылы, жазгы сессия, кайра тапшыруудан кийин")).toBe("ky");
    expect(detectLanguage("МТФ — debtors\n2019-2020 academic year, spring session, after re-takes")).toBe("en");
  });
});
