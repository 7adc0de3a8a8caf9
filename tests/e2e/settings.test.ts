// /settings through the real bot: the toggles switch notice categories off and on in place,
// the mandatory one stays on with a note, forged presses change nothing, strangers are
// asked for an invite; in the user's language.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const t = {} as Record<Language, TFunction>;

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
});
afterAll(() => h?.stop());

const messageId = (call: { result?: unknown }) => (call.result as { message_id: number }).message_id;
const messageOf = (user: LocalUser, id: number) => {
  const m = h.api.messages(user.id).find((x) => x.message_id === id);
  if (!m) throw new Error(`no message ${id}`);
  return m;
};
/** The buttons of a message as [label, data] rows. */
const buttons = (user: LocalUser, id: number) =>
  (messageOf(user, id).reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.map((row) =>
    row.map((b) => [b.text, "callback_data" in b ? b.callback_data : undefined]),
  );
const userId = async (user: LocalUser) => (await h.db.user.findUniqueOrThrow({ where: { telegramId: String(user.id) } })).id;
const optOuts = async (user: LocalUser) =>
  (await h.db.noticeOptOut.findMany({ where: { userId: await userId(user) } })).map((r) => r.category).sort();
const chatScope = (user: LocalUser) => ({ type: "chat" as const, chat_id: user.id });

describe("/settings in Kyrgyz (the default)", () => {
  const dean: LocalUser = { id: 5001, firstName: "Декан", languageCode: "ky" };
  let settings: number;

  beforeAll(async () => {
    await h.bindUser(dean, "dean", "МТФ");
  });

  it("shows one message: a line per category, a toggle for each, the mandatory one locked", async () => {
    const reply = await h.say(dean, "/settings");
    settings = messageId(reply);
    const text = messageOf(dean, settings).text ?? "";
    expect(text.split("\n")).toEqual([
      t.ky("settings.title"),
      "",
      "✅ Кулактандыруулар — университеттин жаңылыктары жана кулактандыруулары",
      "✅ Эскертмелер — мөөнөттөр жана алдыдагы иштер тууралуу",
      "✅ Сурамжылоо шилтемелери — сурамжылоолорго катышууга чакыруулар",
      "🔒 Маалымат суроо-талаптары — бөлүмүңүзгө жөнөтүлгөн маалымат суроо-талаптары — жумуштун бир бөлүгү",
      "",
      t.ky("settings.legend"),
    ]);
    expect(buttons(dean, settings)).toEqual([
      [["✅ Кулактандыруулар", "ntc:announcements:0"]],
      [["✅ Эскертмелер", "ntc:reminders:0"]],
      [["✅ Сурамжылоо шилтемелери", "ntc:surveys:0"]],
      [["🔒 Маалымат суроо-талаптары", "ntc:requests:0"]],
    ]);
    expect(await optOuts(dean)).toEqual([]);
  });

  it("pressing announcements switches it off: the same message edited, the opt-out stored", async () => {
    const answer = await h.press(dean, "✅ Кулактандыруулар");
    expect(answer.error).toBeUndefined();
    expect(answer.params.text).toBe("Өчүрүлдү: Кулактандыруулар");
    expect(h.sent(dean, "sendMessage")).toEqual([]);
    const edits = h.sent(dean, "editMessageText");
    expect(edits).toHaveLength(1);
    expect(edits[0]?.params.message_id).toBe(settings);
    expect(messageOf(dean, settings).text).toContain("🔕 Кулактандыруулар — ");
    expect(buttons(dean, settings)?.[0]).toEqual([["🔕 Кулактандыруулар", "ntc:announcements:1"]]);
    expect(await optOuts(dean)).toEqual(["announcements"]);
  });

  it("pressing it again switches it back on", async () => {
    const answer = await h.press(dean, "🔕 Кулактандыруулар");
    expect(answer.params.text).toBe("Күйгүзүлдү: Кулактандыруулар");
    expect(h.sent(dean, "editMessageText")).toHaveLength(1);
    expect(messageOf(dean, settings).text).toContain("✅ Кулактандыруулар — ");
    expect(buttons(dean, settings)?.[0]).toEqual([["✅ Кулактандыруулар", "ntc:announcements:0"]]);
    expect(await optOuts(dean)).toEqual([]);
  });

  it("pressing the mandatory one changes nothing and answers that it cannot be switched off", async () => {
    const before = messageOf(dean, settings);
    const answer = await h.press(dean, "🔒 Маалымат суроо-талаптары");
    expect(answer.error).toBeUndefined();
    expect(answer.params.text).toBe("«Маалымат суроо-талаптары» өчүрүлбөйт: бул жумуштун бир бөлүгү.");
    expect(h.sent(dean, ["sendMessage", "editMessageText", "editMessageReplyMarkup"])).toEqual([]);
    expect(messageOf(dean, settings)).toEqual(before);
    expect(await optOuts(dean)).toEqual([]);
  });

  it("forged or malformed data is answered and changes nothing", async () => {
    const before = messageOf(dean, settings);
    for (const data of [
      "ntc:bogus:0",
      "ntc:requests:0",
      "ntc:announcements:7",
      "ntc:announcements",
      "ntc:",
      "ntc:announcements:0:x",
    ]) {
      const answer = await h.forgePress(dean, settings, data);
      expect(answer.error, data).toBeUndefined();
      expect(h.sent(dean, ["sendMessage", "editMessageText", "editMessageReplyMarkup"]), data).toEqual([]);
    }
    expect((await h.forgePress(dean, settings, "ntc:bogus:0")).params.text).toBe("«bogus» деген билдирүү түрү жок.");
    expect(messageOf(dean, settings)).toEqual(before);
    expect(await optOuts(dean)).toEqual([]);
  });

  it("an outdated message's button asks for a state, not a flip: pressed twice, it stays off", async () => {
    const second = messageId(await h.say(dean, "/settings"));
    await h.press(dean, { messageId: settings, data: "ntc:surveys:0" });
    expect(await optOuts(dean)).toEqual(["surveys"]);
    // the second message still offers "switch off": pressing it keeps it off and shows so
    const answer = await h.press(dean, { messageId: second, data: "ntc:surveys:0" });
    expect(answer.error).toBeUndefined();
    expect(await optOuts(dean)).toEqual(["surveys"]);
    expect(messageOf(dean, second).text).toContain("🔕 Сурамжылоо шилтемелери — ");
    // the first one, already showing that, pressed again by a client that lags behind: no error
    const same = await h.forgePress(dean, settings, "ntc:surveys:0");
    expect(same.error).toBeUndefined();
    expect(h.sent(dean, "editMessageText")[0]?.error?.description).toContain("message is not modified");
    expect(h.sent(dean, "sendMessage")).toEqual([]); // no error reply
    expect(await optOuts(dean)).toEqual(["surveys"]);
    await h.press(dean, { messageId: settings, data: "ntc:surveys:1" });
    expect(await optOuts(dean)).toEqual([]);
  });
});

describe("/settings in Russian, for strangers and students", () => {
  it("follows the user's stored language (ru), whatever Telegram's is", async () => {
    const dean: LocalUser = { id: 5101, firstName: "Айгуль", languageCode: "en" };
    await h.bindUser(dean, "dean", "ЭТИ");
    await h.db.user.update({ where: { telegramId: String(dean.id) }, data: { language: "ru" } });
    const settings = messageId(await h.say(dean, "/settings"));
    const text = messageOf(dean, settings).text ?? "";
    expect(text.split("\n")[0]).toBe(t.ru("settings.title"));
    expect(text).toContain("✅ Объявления — новости и объявления университета");
    expect(text).toContain("✅ Напоминания — ");
    expect(text).toContain("✅ Ссылки на опросы — ");
    expect(text).toContain("🔒 Запросы данных — ");
    expect(buttons(dean, settings)?.map((row) => row[0]?.[0])).toEqual([
      "✅ Объявления",
      "✅ Напоминания",
      "✅ Ссылки на опросы",
      "🔒 Запросы данных",
    ]);

    expect((await h.press(dean, "✅ Объявления")).params.text).toBe("Выключено: Объявления");
    expect(messageOf(dean, settings).text).toContain("🔕 Объявления — ");
    expect(await optOuts(dean)).toEqual(["announcements"]);
    expect((await h.press(dean, "🔒 Запросы данных")).params.text).toBe("«Запросы данных» нельзя отключить: это часть работы.");
    expect(await optOuts(dean)).toEqual(["announcements"]);
    expect((await h.press(dean, "🔕 Объявления")).params.text).toBe("Включено: Объявления");
    expect(await optOuts(dean)).toEqual([]);
  });

  it("a stranger gets the invite message, for the command and for a press", async () => {
    const stranger: LocalUser = { id: 5201, firstName: "Гость", languageCode: "ru" };
    const stored = await h.db.noticeOptOut.count();
    const reply = await h.say(stranger, "/settings");
    expect(reply.params.text).toBe(t.ru("problems.needInvite"));
    expect(reply.params.reply_markup).toBeUndefined();
    const press = await h.forgePress(stranger, messageId(reply), "ntc:announcements:0");
    expect(press.params.text).toBe(t.ru("problems.needInvite"));
    expect(h.sent(stranger, ["sendMessage", "editMessageText"])).toEqual([]);
    expect(await h.db.noticeOptOut.count()).toBe(stored);
  });

  it("a student onboarded by invite has /settings in the command menu and in /help, and may use it", async () => {
    const student: LocalUser = { id: 5301, firstName: "Student", languageCode: "en" };
    await h.say(student, `/start ${await h.invite("student", null)}`);
    expect(h.api.commands(chatScope(student))?.map((c) => c.command)).toEqual(["start", "mysurveys", "settings", "lang", "help"]);
    expect(h.api.commands(chatScope(student))?.[2]?.description).toBe(t.en("bot.commands.settings"));
    expect((await h.say(student, "/help")).params.text).toContain("/settings");
    const settings = messageId(await h.say(student, "/settings"));
    expect(messageOf(student, settings).text).toContain("✅ Survey links — ");
    expect((await h.press(student, "✅ Survey links")).params.text).toBe("Switched off: Survey links");
    expect(await optOuts(student)).toEqual(["surveys"]);
    expect((await h.press(student, "🔒 Data requests")).params.text).toBe(
      "“Data requests” cannot be switched off: this is part of the job.",
    );
  });
});
