// Answers that never mislead, end to end on the demo (KSTU 2019-2020 spring): a unit named in a
// sentence by name or alias is answered for that unit, a name that matches nothing is said so,
// a course is answered or said missing, a year without results shows what was published,
// what the figures leave out or disagree with is said, buttons lead only to data, and the
// answer is in the language of the question.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalMessage, LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const t = {} as Record<Language, TFunction>;

// Bound without a chosen language: Telegram says Kyrgyz, the question may say otherwise.
const rector: LocalUser = { id: 4001, firstName: "Ректор", languageCode: "ky" };
const dean: LocalUser = { id: 4002, firstName: "Декан", languageCode: "ru" };
const chosen: LocalUser = { id: 4003, firstName: "Chose", languageCode: "en" };

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  await h.bindUser(rector, "leader");
  await h.bindUser(dean, "dean", "МТФ");
  await h.bindUser(chosen, "leader");
  await h.db.user.update({ where: { telegramId: String(chosen.id) }, data: { language: "ky" } });
});
afterAll(() => h?.stop());

function messageOf(user: LocalUser, call: ApiCall): LocalMessage {
  const id = (call.result as { message_id: number } | undefined)?.message_id ?? call.params.message_id;
  const message = h.api.messages(user.id).find((m) => m.message_id === id);
  if (!message) throw new Error(`no bot message ${String(id)}`);
  return message;
}

const ask = async (user: LocalUser, text: string) => messageOf(user, await h.say(user, text));
const edited = (user: LocalUser) => messageOf(user, h.sent(user, "editMessageText").filter((c) => !c.error)[0] as ApiCall);
const buttonLabels = (m: LocalMessage) =>
  (m.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.map((r) => r.map((b) => b.text));
const buttonData = (m: LocalMessage, label: string) =>
  (m.reply_markup as InlineKeyboardMarkup).inline_keyboard
    .flat()
    .map((b) => ("callback_data" in b ? { text: b.text, data: b.callback_data } : null))
    .find((b) => b?.text === label)?.data ?? "";

/** A flag line as the answer words it: "⚠ unit: … — form: published …, recomputed …; …". */
function flagLine(lng: Language, unit: string, form: string, mismatches: [string, string, string, string][]): string {
  const tr = t[lng];
  const list = mismatches
    .map(([kind, field, reported, computed]) =>
      tr(`problems.${kind}`, { field: tr(`report.field.${field}`), reported, computed }),
    )
    .join("; ");
  return `⚠ ${tr("figures.flagsUnit", { unit, list: `${tr(`common.form.${form}`)}: ${list}` })}`;
}

describe("a unit named in a sentence is answered for that unit, never the whole university", () => {
  it("'Кара-Балта карызкорлор': the Кара-Балта branch by its alias", async () => {
    const a = await ask(rector, "Кара-Балта карызкорлор");
    expect(a.text?.split("\n")[0]).toBe("Кара-Балта ш. филиал — карызкорлор");
    expect(a.text).toContain("Күндүзгү: 14 карызкор (12,4%), контингент 113");
    expect(a.text).toContain("Сырттан: 13 карызкор (76,5%), контингент 17");
    expect(a.text).not.toMatch(/2654|3428|Бүт университет/);
  });

  it("'сколько должников в Токмоке': Токмок with a Russian ending, in Russian, with the published figures that differ", async () => {
    const a = await ask(rector, "сколько должников в Токмоке");
    expect(a.text?.split("\n")[0]).toBe("Токмок ш. филиал — должники");
    expect(a.text).toContain("Очная: должников 86 (40,6%), контингент 212");
    expect(a.text).toContain(
      flagLine("ru", "Токмок ш. филиал", "full-time", [
        ["reported-count-mismatch", "debtors", "81", "86"],
        ["reported-percent-mismatch", "debtorShare", "38,2", "40,6"],
      ]),
    );
  });

  it("'должники Кызыл-Кия': the report's 57 debtors against 156 recomputed is said, in one line", async () => {
    const a = await ask(rector, "должники Кызыл-Кия");
    expect(a.text?.split("\n")[0]).toBe("Кызыл-Кия ш. филиал — должники");
    expect(a.text).toContain("Очная: должников 156 (67,2%), контингент 232");
    const warnings = a.text?.split("\n").filter((l) => l.startsWith("⚠")) ?? [];
    expect(warnings).toEqual([
      flagLine("ru", "Кызыл-Кия ш. филиал", "full-time", [
        ["reported-count-mismatch", "debtors", "57", "156"],
        ["reported-percent-mismatch", "absolute", "57,0", "57,1"],
        ["reported-percent-mismatch", "debtorShare", "24,6", "67,2"],
      ]),
    ]);
  });

  it("a name that matches nothing is said so, with the closest names; nothing is answered", async () => {
    const reply = await h.say(rector, "Каракол карызкорлор");
    expect(reply.params.text).toBe(t.ky("problems.unknownUnitClosest", { unit: "Каракол", closest: "Кара-Куль ш. филиал" }));
    expect(h.sent(rector, ["sendPhoto", "sendChatAction"])).toEqual([]);
    expect((await h.say(rector, "должники в Оше")).params.text).toBe(t.ru("problems.unknownUnit", { unit: "Оше" }));
    expect((await h.say(rector, "/debtors Нарын")).params.text).toBe(t.ky("problems.unknownUnit", { unit: "Нарын" }));
  });

  it("a dean naming another unit by its alias is refused for that unit, not answered for his own", async () => {
    const reply = await h.say(dean, "должники Токмок");
    expect(reply.params.text).toBe(
      t.ru("problems.denied", { unit: "Токмок ш. филиал", scope: t.ru("bot.scope.unit", { unit: "МТФ" }) }),
    );
  });
});

describe("a course", () => {
  it("'МТФ 1-курс карызкорлор': the course's published figures, saying debtors are not given by course; no chart", async () => {
    const a = await ask(rector, "МТФ 1-курс карызкорлор");
    expect(a.text?.split("\n")[0]).toBe(t.ky("figures.courseTitle", { title: "МТФ — карызкорлор", course: 1 }));
    expect(a.text).toContain(t.ky("figures.courseDebtorsPublished", { form: "Күндүзгү", absolute: "45,0%" }));
    expect(a.text).toContain(t.ky("figures.courseDebtorsPublished", { form: "Сырттан", absolute: "86,0%" }));
    expect(a.text).not.toMatch(/525|573/);
    expect(h.sent(rector, ["sendPhoto", "sendChatAction"])).toEqual([]);
    expect(buttonLabels(a)?.flat()).not.toContain("📊 Диаграмма");
    // the stage button keeps the course
    await h.press(rector, { messageId: a.message_id, data: buttonData(a, "негизги сессия") });
    const main = edited(rector);
    expect(main.text).toContain(t.ky("figures.courseDebtorsPublished", { form: "Күндүзгү", absolute: "33,0%" }));
    expect(main.text).not.toContain("Сырттан"); // no part-time at the main session
  });

  it("a form without that course says so (Кара-Балта part-time publishes year 4 only)", async () => {
    const a = await ask(rector, "Кара-Балта 1-курс карызкорлор");
    expect(a.text).toContain(t.ky("figures.courseDebtorsPublished", { form: "Күндүзгү", absolute: "65,0%" }));
    expect(a.text).toContain(t.ky("figures.courseMissing", { form: "Сырттан" }));
  });

  it("a course with no figures for the unit and session is said so", async () => {
    expect((await h.say(rector, "ЭТИ 6-курс карызкорлор")).params.text).toBe(
      t.ky("problems.noCourseData", { unit: "ЭТИ", course: 6, year: "2019-2020", term: t.ky("common.term.spring") }),
    );
    expect((await h.say(rector, "должники 2 курса")).params.text).toBe(
      t.ru("problems.noCourseData", {
        unit: t.ru("bot.scope.institution"),
        course: 2,
        year: "2019-2020",
        term: t.ru("common.term.spring"),
      }),
    );
  });
});

describe("whole words only", () => {
  it("'Срочно: должники МТФ' answers both forms ('очн' inside 'срочно' is not full-time)", async () => {
    const a = await ask(dean, "Срочно: должники МТФ");
    expect(a.text).toContain("Очная: должников 525 (60,1%), контингент 873");
    expect(a.text).toContain("Заочная: должников 48 (36,1%), контингент 133");
    expect(buttonLabels(a)?.[1]).toEqual(["✓ Все формы", "очная", "заочная"]);
  });
});

describe("a year without session results", () => {
  it("'жетишкендик 2018-2019': which years have results, and the percentages published for 2018-2019", async () => {
    const a = await ask(rector, "жетишкендик 2018-2019");
    expect(a.text).toContain(t.ky("figures.noResultsYear", { year: "2018-2019", years: "2019-2020" }));
    expect(a.text).toContain(
      t.ky("figures.publishedHeader", {
        year: "2018-2019",
        what: `${t.ky("figures.term", { term: "жазгы" })}, ${t.ky("common.form.full-time")}`,
      }),
    );
    expect(a.text).toContain("МТФ: негизги сессия 45,2%, кайра тапшыруудан кийин 56,0%");
    expect(a.text).toContain("ЭТИ: негизги сессия 42,2%, кайра тапшыруудан кийин 70,2%");
    expect(a.text).not.toContain(t.ky("problems.noData"));
    expect(h.sent(rector, ["sendPhoto", "sendChatAction"])).toEqual([]);
    // a button to the year that has results
    await h.press(rector, { messageId: a.message_id, data: buttonData(a, "2019-2020, жазгы") });
    const now = edited(rector);
    expect(now.text).toContain("2019-2020 окуу жылы, жазгы сессия, кайра тапшыруудан кийин");
    expect(now.text).toContain("Күндүзгү: абсолюттук");
  });

  it("a dean sees his unit's published figures only; the debtors view says debtors were not published", async () => {
    const a = await ask(dean, "должники МТФ 2018-2019");
    expect(a.text).toContain(t.ru("figures.noDebtorsPublished", { year: "2018-2019" }));
    expect(a.text).toContain("МТФ: основная сессия 45,2%, после пересдач 56,0%");
    expect(a.text).not.toContain("ЭТИ");
  });

  it("a year with nothing at all names the years there are", async () => {
    expect((await h.say(rector, "карызкорлор 2016-2017")).params.text).toBe(
      t.ky("problems.noYearData", { year: "2016-2017", years: "2019-2020" }),
    );
  });
});

describe("what the whole university's figures leave out or compare is said", () => {
  it("МЖМ's full-time row out of the total, the main stage's fewer units, the units whose published figures differ", async () => {
    const a = await ask(rector, "/debtors");
    const lines = a.text?.split("\n") ?? [];
    expect(lines).toContain("Күндүзгү: 2654 карызкор (42,9%), контингент 6184");
    expect(lines).toContain(t.ky("figures.notCounted", { rows: "МЖМ (күндүзгү)" }));
    expect(lines).toContain(
      `  ${t.ky("debtors.otherStageUnits", { stage: "Негизги сессия", units: "МТФ, ЭТИ, УМКФ, ТФ, ЭФ, ББПИ, КГТИ, ИЭФ", debtors: 2839, share: "60,5%" })}`,
    );
    expect(lines).toContain(
      `⚠ ${t.ky("figures.flagsUnits", { count: 10, units: "ТФ, КГТИ, Политех. колледж, Токмок ш. филиал, Кызыл-Кия ш. филиал" })}`,
    );
    expect(lines).not.toContain("  Негизги сессия: 2839 (60,5%)");
  });

  it("a unit's own answer counts its row and says the university total does not", async () => {
    const a = await ask(rector, "МЖМ карызкорлор");
    expect(a.text).toContain("Күндүзгү: 98 карызкор (23,0%), контингент 426");
    expect(a.text).toContain(t.ky("figures.notCountedHere", { rows: "МЖМ (күндүзгү)" }));
  });
});

describe("buttons only for data that exist", () => {
  it("Кара-Куль (full-time, after re-takes only): no stage and no form buttons", async () => {
    const a = await ask(rector, "Кара-Көл карызкорлор");
    expect(buttonLabels(a)).toEqual([["🏛 Бөлүм: Кара-Куль ш. филиал", "📊 Диаграмма"], ["📈 Жетишкендик"]]);
  });

  it("ЭТИ's main session (full-time only): no part-time button; after re-takes has one", async () => {
    const a = await ask(rector, "ЭТИ негизги сессия карызкорлор");
    expect(buttonLabels(a)).toEqual([
      ["✓ негизги сессия", "кайра тапшыруудан кийин"],
      ["🏛 Бөлүм: ЭТИ", "📊 Диаграмма"],
      ["📈 Жетишкендик"],
    ]);
    await h.press(rector, { messageId: a.message_id, data: buttonData(a, "кайра тапшыруудан кийин") });
    expect(buttonLabels(edited(rector))?.[1]).toEqual(["✓ Бардык формалар", "күндүзгү", "сырттан"]);
  });

  it("from part-time after re-takes, the main-stage button opens all forms (part-time has no main stage)", async () => {
    const a = await ask(rector, "ЭТИ сырттан карызкорлор");
    expect(a.text).toContain("Сырттан: 121 карызкор (36,8%)");
    await h.press(rector, { messageId: a.message_id, data: buttonData(a, "негизги сессия") });
    const main = edited(rector);
    expect(main.text).toContain("Күндүзгү: 203 карызкор (57,8%)");
    expect(main.text).not.toContain(t.ky("bot.noDataFor", { period: "" }).trim());
  });
});

describe("the language of the question, for a user who has not chosen one", () => {
  it("Russian and English questions from a Kyrgyz Telegram client; buttons keep the message's language", async () => {
    const ru = await ask(rector, "должники ЭТИ");
    expect(ru.text?.split("\n")[0]).toBe("ЭТИ — должники");
    await h.press(rector, { messageId: ru.message_id, data: buttonData(ru, "очная") });
    expect(edited(rector).text).toContain("Очная: должников 152 (43,3%), контингент 351");
    const en = await ask(rector, "debtors Tokmok");
    expect(en.text?.split("\n")[0]).toBe("Токмок ш. филиал — debtors");
    expect(en.text).toContain("Full-time: 86 debtors (40.6%) of 212 enrolled");
    // nothing to tell by (a bare code): Telegram's language
    expect((await ask(dean, "МТФ")).text?.split("\n")[0]).toBe("МТФ — должники");
  });

  it("a chosen language wins", async () => {
    expect((await ask(chosen, "debtors Tokmok")).text?.split("\n")[0]).toBe("Токмок ш. филиал — карызкорлор");
  });
});
