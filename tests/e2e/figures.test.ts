// The debtors answer end to end (KSTU 2019-2020 spring): a dean by command, menu, sentence and
// buttons, in three languages; scope refusals, forged presses; a rector over the whole university.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode, type ViewState } from "../../bot/features/figures/callback-data.ts";
import type { ApiCall, LocalMessage, LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { type Harness, pngSize, startHarness } from "./harness.ts";

let h: Harness;
const t = {} as Record<Language, TFunction>;

const dean: LocalUser = { id: 3001, firstName: "Декан", languageCode: "ky" };
const deanRu: LocalUser = { id: 3002, firstName: "Декан", languageCode: "ru" };
const deanEn: LocalUser = { id: 3003, firstName: "Dean", languageCode: "en" };
const rector: LocalUser = { id: 3010, firstName: "Ректор", languageCode: "ky" };

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  for (const user of [dean, deanRu, deanEn]) await h.bindUser(user, "dean", "МТФ");
  await h.bindUser(rector, "leader");
});
afterAll(() => h?.stop());

/** A bot message as the user sees it now. */
function messageById(user: LocalUser, id: unknown): LocalMessage {
  const message = h.api.messages(user.id).find((m) => m.message_id === id);
  if (!message) throw new Error(`no bot message ${String(id)} in chat ${user.id}`);
  return message;
}

/** The bot message a sendMessage or editMessageText call made, as the user sees it now. */
function messageOf(user: LocalUser, call: ApiCall | undefined): LocalMessage {
  if (!call) throw new Error(`no call to chat ${user.id}`);
  return messageById(user, (call.result as { message_id: number } | undefined)?.message_id ?? call.params.message_id);
}

/** The message the (only) successful edit since the last mark produced. */
function edited(user: LocalUser): LocalMessage {
  const edits = h.sent(user, "editMessageText").filter((c) => !c.error);
  expect(edits).toHaveLength(1);
  return messageOf(user, edits[0]);
}

const buttonLabels = (m: LocalMessage) =>
  (m.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.map((r) => r.map((b) => b.text));
const buttonData = (m: LocalMessage, label: string) =>
  (m.reply_markup as InlineKeyboardMarkup).inline_keyboard
    .flat()
    .map((b) => ("callback_data" in b ? { text: b.text, data: b.callback_data } : null))
    .find((b) => b?.text === label)?.data;

/**
 * A chart arrived since the last mark: drawn ("sending a photo" first, then the upload), or
 * a picture already sent re-sent by its Telegram file id; either way an 800×500 PNG.
 */
function expectChart(user: LocalUser): Buffer {
  const calls = h.sent(user, ["sendChatAction", "sendPhoto"]);
  const upload = calls.at(-1)?.params.photo instanceof Buffer;
  expect(calls.map((c) => c.method)).toEqual(upload ? ["sendChatAction", "sendPhoto"] : ["sendPhoto"]);
  if (upload) expect(calls[0]?.params.action).toBe("upload_photo");
  else expect(calls[0]?.params.photo).toMatch(/^AgAC/);
  const photo = h.api.lastBotMessage(user.id)?.photo;
  expect(pngSize(photo)).toEqual({ width: 800, height: 500 });
  return photo as Buffer;
}

/** Nothing but the callback answer (and a refused edit): no message, edit or photo reached the user. */
function expectNothingSent(user: LocalUser, since: LocalMessage[]) {
  expect(h.sent(user, ["sendMessage", "sendPhoto", "sendChatAction"])).toEqual([]);
  expect(h.sent(user, "editMessageText").filter((c) => !c.error)).toEqual([]);
  expect(h.api.messages(user.id).map((m) => m.raw)).toEqual(since.map((m) => m.raw)); // raw: no photo bytes to compare
}

const KY_MTF_AFTER = [
  "МТФ — карызкорлор",
  "2019-2020 окуу жылы, жазгы сессия, кайра тапшыруудан кийин",
  "Күндүзгү: 525 карызкор (60,1%), контингент 873",
  "Негизги сессия: 610 (69,9%)",
  "Кайра тапшыруулардан кийинки өзгөрүү: −85 (−9,8 п.п.)",
  "Сырттан: 48 карызкор (36,1%), контингент 133",
  "Бардыгы: 573 карызкор (57,0%)",
];

describe("a dean of МТФ, in Kyrgyz", () => {
  it("/debtors: after re-takes and the main stage, the change, period and method, a keyboard; then the chart", async () => {
    const call = await h.say(dean, "/debtors");
    const answer = messageOf(dean, call);
    for (const line of KY_MTF_AFTER) expect(answer.text).toContain(line);
    expect(answer.text).toContain(
      t.ky("common.methodology", {
        base: t.ky("common.base.admitted"),
        debtors: t.ky("common.debtorsDef.enrolled-minus-passed"),
      }),
    );
    expect(answer.entities).toContainEqual({ type: "bold", offset: 0, length: "МТФ — карызкорлор".length });
    // no other unit's figures (ЭТИ has 152 after re-takes), no whole-university line
    expect(answer.text).not.toMatch(/152|2654|ЭТИ/);
    expect(buttonLabels(answer)).toEqual([
      ["негизги сессия", "✓ кайра тапшыруудан кийин"],
      ["✓ Бардык формалар", "күндүзгү", "сырттан"],
      ["📊 Диаграмма"],
      ["📈 Жетишкендик"],
    ]);
    expect(h.sent(dean).map((c) => c.method)).toEqual(["sendMessage", "sendChatAction", "sendPhoto"]);
    expectChart(dean);
    expect(h.api.lastBotMessage(dean.id)?.caption).toBe("2019-2020 окуу жылы, жазгы сессия, кайра тапшыруудан кийин");
  });

  it("the menu button, then the inline buttons edit the same message in place", async () => {
    expect(h.api.replyKeyboard(dean.id)).toBeUndefined(); // bound directly: the menu comes with /start
    await h.say(dean, "/start");
    expect(h.api.replyKeyboard(dean.id)?.keyboard[0]).toContain("📉 Карызкорлор");

    const answer = messageOf(dean, await h.say(dean, "📉 Карызкорлор"));
    for (const line of KY_MTF_AFTER) expect(answer.text).toContain(line);
    expectChart(dean);
    const id = answer.message_id;

    // form → full-time only (after re-takes has both forms)
    await h.press(dean, { messageId: id, data: buttonData(answer, "күндүзгү") ?? "" });
    const fullAfter = edited(dean);
    expect(fullAfter.message_id).toBe(id);
    expect(fullAfter.text).toContain("Күндүзгү: 525 карызкор (60,1%)");
    expect(fullAfter.text).not.toContain("Сырттан");
    expect(fullAfter.text).not.toContain("Бардыгы");
    expect(buttonLabels(fullAfter)?.[1]).toEqual(["Бардык формалар", "✓ күндүзгү", "сырттан"]);

    // stage → the main session, same message, still full-time
    const stage = await h.press(dean, { messageId: id, data: buttonData(fullAfter, "негизги сессия") ?? "" });
    expect(stage.error).toBeUndefined();
    const fullTime = edited(dean);
    expect(fullTime.message_id).toBe(id);
    expect(h.sent(dean, "sendMessage")).toEqual([]);
    expect(fullTime.edit_date).toBeTypeOf("number");
    expect(fullTime.text).toContain("2019-2020 окуу жылы, жазгы сессия, негизги сессия");
    expect(fullTime.text).toContain("Күндүзгү: 610 карызкор (69,9%), контингент 873");
    expect(fullTime.text).toContain("Кайра тапшыруудан кийин: 525 (60,1%)");
    expect(fullTime.text).toContain("−85 (−9,8 п.п.)");
    expect(fullTime.text).not.toContain("Сырттан");
    expect(fullTime.text).not.toContain("Бардыгы");
    // МТФ's main session is full-time only: no form buttons there
    expect(buttonLabels(fullTime)?.slice(0, 2)).toEqual([["✓ негизги сессия", "кайра тапшыруудан кийин"], ["📊 Диаграмма"]]);

    // the option already chosen: answered quietly, nothing changes, no error
    const again = await h.press(dean, "✓ негизги сессия");
    expect(again.error).toBeUndefined();
    expect(again.params.text).toBeUndefined();
    expect(again.params.show_alert).toBeUndefined();
    expect(h.sent(dean, "sendMessage")).toEqual([]);
    expect(messageById(dean, id).text).toBe(fullTime.text);

    // the chart of this selection
    const before = h.api.messages(dean.id).length;
    const chart = await h.press(dean, "📊 Диаграмма");
    expect(chart.error).toBeUndefined();
    expectChart(dean);
    expect(h.api.lastBotMessage(dean.id)?.caption).toBe("2019-2020 окуу жылы, жазгы сессия, негизги сессия, күндүзгү");
    expect(h.api.messages(dean.id)).toHaveLength(before + 1);

    // to the achievement view and back, still the same message
    await h.press(dean, { messageId: id, data: buttonData(fullTime, "📈 Жетишкендик") ?? "" });
    const stats = edited(dean);
    expect(stats.message_id).toBe(id);
    expect(stats.text).toContain("МТФ");
    expect(stats.text).toContain("32,1%"); // absolute achievement at the main session
    await h.press(dean, { messageId: id, data: buttonData(stats, "📉 Карызкорлор") ?? "" });
    expect(edited(dean).text).toBe(fullTime.text);
  });

  it("'МТФ карызкорлор' as a sentence gives the same answer and chart", async () => {
    const answer = messageOf(dean, await h.say(dean, "МТФ карызкорлор"));
    for (const line of KY_MTF_AFTER) expect(answer.text).toContain(line);
    expectChart(dean);
  });

  it("the sentence's stage and form are honoured: 'МТФ карызкорлор негизги сессия күндүзгү'", async () => {
    const answer = messageOf(dean, await h.say(dean, "МТФ карызкорлор негизги сессия күндүзгү"));
    expect(answer.text).toContain("Күндүзгү: 610 карызкор (69,9%)");
    expect(answer.text).not.toContain("Сырттан");
  });
});

describe("the same question in Russian and English", () => {
  it("'должники МТФ' from a Russian-speaking dean: Russian, decimal comma", async () => {
    const answer = messageOf(deanRu, await h.say(deanRu, "должники МТФ"));
    expect(answer.text).toContain("МТФ — должники");
    expect(answer.text).toContain("2019-2020 учебный год, весенняя сессия, после пересдач");
    expect(answer.text).toContain("Очная: должников 525 (60,1%), контингент 873");
    expect(answer.text).toContain("Основная сессия: 610 (69,9%)");
    expect(answer.text).toContain("−85 (−9,8 п.п.)");
    expect(buttonLabels(answer)?.[0]).toEqual(["основная сессия", "✓ после пересдач"]);
    expectChart(deanRu);
  });

  it("'debtors MTF' from an English-speaking dean: English, decimal point", async () => {
    const answer = messageOf(deanEn, await h.say(deanEn, "debtors MTF"));
    expect(answer.text).toContain("МТФ — debtors");
    expect(answer.text).toContain("2019-2020 academic year, spring session, after re-takes");
    expect(answer.text).toContain("Full-time: 525 debtors (60.1%) of 873 enrolled");
    expect(answer.text).toContain("Main session: 610 (69.9%)");
    expect(answer.text).toContain("−85 (−9.8 pp)");
    expect(answer.text).not.toMatch(/\d,\d%/);
    expect(buttonLabels(answer)?.[0]).toEqual(["main session", "✓ after re-takes"]);
    expectChart(deanEn);
  });
});

describe("scope: a dean sees his unit and nothing beside it", () => {
  const denied = (lng: Language, unit: string) =>
    t[lng]("problems.denied", { unit, scope: t[lng]("bot.scope.unit", { unit: "МТФ" }) });

  it("'/debtors ЭТИ' and 'ЭТИ карызкорлор' are refused politely, with no figure of ЭТИ", async () => {
    for (const [user, text, lng] of [
      [dean, "/debtors ЭТИ", "ky"],
      [dean, "ЭТИ карызкорлор", "ky"],
      [deanRu, "должники ЭТИ", "ru"],
      [deanEn, "/debtors ETI", "en"],
    ] as const) {
      const reply = await h.say(user, text);
      expect(reply.params.text).toBe(denied(lng, "ЭТИ"));
      expect(h.sent(user).map((c) => c.method)).toEqual(["sendMessage"]);
      expect(String(reply.params.text)).not.toMatch(/152|43,3|121/);
    }
  });

  it("a forged press for another unit or for the whole university is refused with an alert, nothing edited", async () => {
    const answer = messageOf(dean, await h.say(dean, "/debtors"));
    const state: ViewState = {
      view: "debtors",
      unitId: await h.unitId("МТФ"),
      stage: "after-retakes",
      form: "all",
      year: "2019-2020",
      term: "spring",
      course: 0,
    };
    expect(buttonData(answer, "📊 Диаграмма")).toBe(encode("chart", state)); // the forgeries below differ only in the unit
    const eti = await h.unitId("ЭТИ");
    const before = h.api.messages(dean.id);
    for (const [data, unit] of [
      [encode("show", { ...state, unitId: eti }), "ЭТИ"],
      [encode("show", { ...state, unitId: 0 }), t.ky("bot.scope.institution")],
      [encode("chart", { ...state, unitId: eti }), "ЭТИ"],
      [encode("units", { ...state, unitId: 0 }), t.ky("bot.scope.institution")],
      [encode("show", { ...state, view: "stats", unitId: eti }), "ЭТИ"],
    ] as const) {
      const refusal = await h.forgePress(dean, answer.message_id, data);
      expect(refusal.error).toBeUndefined();
      expect(refusal.params).toMatchObject({ text: denied("ky", unit), show_alert: true });
      expectNothingSent(dean, before);
    }
    // a unit id that does not exist is refused too, not answered for the whole university
    const ghost = await h.forgePress(dean, answer.message_id, encode("show", { ...state, unitId: 99999 }));
    expect(ghost.params).toMatchObject({ text: t.ky("problems.unknownUnit", { unit: "99999" }), show_alert: true });
    expectNothingSent(dean, before);
    // malformed data is answered and ignored
    const junk = await h.forgePress(dean, answer.message_id, "v:d:1:z:x:2019-2020:s");
    expect(junk.error).toBeUndefined();
    expectNothingSent(dean, before);
  });

  it("an old message's buttons follow the user's present scope (a rector demoted to dean of МТФ)", async () => {
    const former: LocalUser = { id: 3020, firstName: "Former", languageCode: "ky" };
    await h.bindUser(former, "leader");
    const answer = messageOf(former, await h.say(former, "/debtors"));
    await h.press(former, { messageId: answer.message_id, data: buttonData(answer, "🏛 Бөлүм: бүт университет") ?? "" });
    const picker = edited(former);
    expect(picker.text).toBe(t.ky("keyboard.chooseUnit"));

    await h.bindUser(former, "dean", "МТФ");
    const before = h.api.messages(former.id);
    for (const [label, unit] of [
      ["ЭТИ", "ЭТИ"],
      ["✓ бүт университет", t.ky("bot.scope.institution")],
    ] as const) {
      const refusal = await h.press(former, { messageId: picker.message_id, data: buttonData(picker, label) ?? "" });
      expect(refusal.params).toMatchObject({ text: denied("ky", unit), show_alert: true });
      expectNothingSent(former, before);
    }
    // his own unit still opens
    await h.press(former, { messageId: picker.message_id, data: buttonData(picker, "МТФ") ?? "" });
    expect(edited(former).text).toContain("Күндүзгү: 525 карызкор (60,1%)");
  });
});

describe("a rector: the whole university", () => {
  const UNIVERSITY = [
    "Күндүзгү: 2654 карызкор (42,9%), контингент 6184",
    "Сырттан: 774 карызкор (35,4%), контингент 2184",
    "Бардыгы: 3428 карызкор (41,0%)",
  ];

  it("/debtors sums every counted unit of both forms (МЖМ's full-time row left out, as published)", async () => {
    const answer = messageOf(rector, await h.say(rector, "/debtors"));
    expect(answer.text?.split("\n")[0]).toBe("Бүт университет — карызкорлор");
    for (const line of UNIVERSITY) expect(answer.text).toContain(line);
    expect(buttonLabels(answer)?.at(-2)).toEqual(["🏛 Бөлүм: бүт университет", "📊 Диаграмма"]);
    expectChart(rector);
  });

  it("the unit button lists the units; picking ЭТИ edits the message to ЭТИ's figures", async () => {
    const answer = messageOf(rector, await h.say(rector, "/debtors"));
    const id = answer.message_id;
    await h.press(rector, { messageId: id, data: buttonData(answer, "🏛 Бөлүм: бүт университет") ?? "" });
    const picker = edited(rector);
    expect(picker.message_id).toBe(id);
    expect(picker.text).toBe(t.ky("keyboard.chooseUnit"));
    const labels = buttonLabels(picker)?.flat() ?? [];
    expect(labels[0]).toBe("✓ бүт университет");
    expect(labels.at(-1)).toBe(t.ky("keyboard.back"));
    for (const unit of [
      "МТФ",
      "ЭТИ",
      "УМКФ",
      "ТФ",
      "ЭФ",
      "ББПИ",
      "КГТИ",
      "ИЭФ",
      "МЖМ",
      "Политех. колледж",
      "Кызыл-Кия ш. филиал",
    ])
      expect(labels).toContain(unit);

    await h.press(rector, { messageId: id, data: buttonData(picker, "ЭТИ") ?? "" });
    const eti = edited(rector);
    expect(eti.message_id).toBe(id);
    expect(eti.text).toContain("ЭТИ — карызкорлор");
    expect(eti.text).toContain("Күндүзгү: 152 карызкор (43,3%), контингент 351");
    expect(eti.text).toContain("Негизги сессия: 203 (57,8%)");
    expect(eti.text).toContain("Сырттан: 121 карызкор (36,8%), контингент 329");
    expect(eti.text).not.toContain("525");
    expect(buttonLabels(eti)?.at(-2)).toEqual(["🏛 Бөлүм: ЭТИ", "📊 Диаграмма"]);
    expect(h.sent(rector, "sendMessage")).toEqual([]);

    // back to the whole university through the picker
    await h.press(rector, { messageId: id, data: buttonData(eti, "🏛 Бөлүм: ЭТИ") ?? "" });
    const picker2 = edited(rector);
    await h.press(rector, { messageId: id, data: buttonData(picker2, "бүт университет") ?? "" });
    const back = edited(rector);
    for (const line of UNIVERSITY) expect(back.text).toContain(line);
  });

  it("'/debtors ЭТИ' answers for ЭТИ", async () => {
    const answer = messageOf(rector, await h.say(rector, "/debtors ЭТИ"));
    expect(answer.text).toContain("ЭТИ — карызкорлор");
    expect(answer.text).toContain("Күндүзгү: 152 карызкор (43,3%), контингент 351");
    expectChart(rector);
  });

  it("an unknown unit is named back, not answered for", async () => {
    const reply = await h.say(rector, "/debtors ЖЖЖ");
    expect(reply.params.text).toBe(t.ky("problems.unknownUnit", { unit: "ЖЖЖ" }));
    expect(h.sent(rector, "sendPhoto")).toEqual([]);
  });

  // The main session was reported for the eight faculties and institutes only (4690
  // enrolled), after re-takes for 14 units. The change from re-takes must compare the same
  // units: 2839 at the main stage → 4690 − 2609 = 2081 after re-takes, −758.
  it("the whole university's change from re-takes compares the same units at both stages", async () => {
    const answer = messageOf(rector, await h.say(rector, "/debtors"));
    const change = answer.text?.split("\n").find((l) => l.includes("Кайра тапшыруулардан кийинки өзгөрүү"));
    expect(change).toContain("−758");
    expect(change).toContain("МТФ, ЭТИ, УМКФ, ТФ, ЭФ, ББПИ, КГТИ, ИЭФ");
    expect(change).not.toContain("−185");
  });
});
