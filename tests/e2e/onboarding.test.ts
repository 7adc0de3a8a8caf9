// Onboarding by invite, strangers and students, default and per-chat commands, the language switch.
import type { TFunction } from "i18next";
import type { KeyboardButton } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { hashCode } from "../../prisma/store/users.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const t = {} as Record<Language, TFunction>;

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
});
afterAll(() => h?.stop());

/** heads enter figures (/submit) and see their versions (/history) */
const FIGURE_COMMANDS = [
  "start",
  "debtors",
  "stats",
  "practice",
  "export",
  "submit",
  "history",
  "accreditation",
  "settings",
  "lang",
  "help",
];
/** admins, leaders and deans may also send announcements; leaders enter no figures */
const SENDER_COMMANDS = [
  "start",
  "debtors",
  "stats",
  "practice",
  "export",
  "submit",
  "history",
  "accreditation",
  "announce",
  "requests",
  "plans",
  "survey",
  "surveys",
  "settings",
  "lang",
  "help",
];
const LEADER_COMMANDS = SENDER_COMMANDS.filter((c) => c !== "submit");
const STRANGER_COMMANDS = ["start", "lang", "help"];

const labels = (rows: KeyboardButton[][] | undefined) => rows?.map((r) => r.map((b) => (typeof b === "string" ? b : b.text)));
/** the menu of those who enter figures (heads, deans, admins); deans and admins also have accreditation */
const menuFor = (tr: TFunction, accreditation = true) => [
  [tr("bot.menu.debtors"), tr("bot.menu.stats")],
  [tr("bot.menu.practice"), tr("bot.menu.submit")],
  [...(accreditation ? [tr("bot.menu.accreditation")] : []), tr("bot.menu.language"), tr("bot.menu.help")],
];
const leaderMenu = (tr: TFunction) => [
  [tr("bot.menu.debtors"), tr("bot.menu.stats")],
  [tr("bot.menu.practice"), tr("bot.menu.language")],
  [tr("bot.menu.accreditation"), tr("bot.menu.help")],
];
/** a dean's /help: announcements, plans and surveys, figures typed in, accreditation */
const deanHelp = (tr: TFunction) =>
  `${tr("bot.helpSender")}\n\n${tr("bot.helpQuality")}\n\n${tr("bot.helpEntry")}\n\n${tr("accreditationBot.help")}`;
const commandsIn = (tr: TFunction, names: string[]) =>
  names.map((command) => ({ command, description: tr(`bot.commands.${command}`) }));
const chatScope = (user: LocalUser) => ({ type: "chat" as const, chat_id: user.id });
const boundUser = (user: LocalUser) => h.db.user.findUnique({ where: { telegramId: String(user.id) } });
const inviteOf = (code: string) => h.db.invite.findUniqueOrThrow({ where: { codeHash: hashCode(code) } });

/** The text of the bot's message a call created or edited, as the user sees it now. */
function textOf(user: LocalUser, messageId: unknown): string | undefined {
  return h.api.messages(user.id).find((m) => m.message_id === messageId)?.text;
}

async function expectNeedsInvite(user: LocalUser, lng: Language) {
  const reply = await h.say(user, "/debtors");
  expect(reply.params.text).toBe(t[lng]("problems.needInvite"));
  expect(h.sent(user, "sendPhoto")).toEqual([]);
}

describe("invite onboarding", () => {
  it("binds the account with a good code: welcome in the user's language, role menu, chat commands", async () => {
    const aigul: LocalUser = { id: 2001, firstName: "Айгүл", languageCode: "ru" };
    const code = await h.invite("dean", "МТФ");
    const welcome = await h.say(aigul, `/start ${code}`);
    expect(welcome.params.text).toBe(
      t.ru("bot.welcome", { name: "Айгүл", role: t.ru("bot.role.dean"), scope: t.ru("bot.scope.unit", { unit: "МТФ" }) }),
    );
    expect(labels(h.api.replyKeyboard(aigul.id)?.keyboard)).toEqual(menuFor(t.ru));
    expect(h.sent(aigul, "setMyCommands")).toHaveLength(1);
    expect(h.api.commands(chatScope(aigul))).toEqual(commandsIn(t.ru, SENDER_COMMANDS));

    const user = await h.db.user.findUnique({ where: { telegramId: "2001" }, include: { scopeUnit: true } });
    expect(user).toMatchObject({ role: "dean", revokedAt: null, scopeUnit: { code: "МТФ" } });

    // bound for real: the figures answer, in Russian
    const answer = await h.say(aigul, "/debtors");
    expect(textOf(aigul, (answer.result as { message_id: number }).message_id)).toContain("МТФ — должники");
    // and welcomed back on a bare /start
    expect((await h.say(aigul, "/start")).params.text).toBe(
      t.ru("bot.welcomeBack", { role: t.ru("bot.role.dean"), scope: t.ru("bot.scope.unit", { unit: "МТФ" }) }),
    );
  });

  it("welcomes a leader in Kyrgyz by default (no or another Telegram language)", async () => {
    const rector: LocalUser = { id: 2002, firstName: "Ректор", languageCode: "de" };
    const welcome = await h.say(rector, `/start ${await h.invite("leader", null)}`);
    expect(welcome.params.text).toBe(
      t.ky("bot.welcome", { name: "Ректор", role: t.ky("bot.role.leader"), scope: t.ky("bot.scope.institution") }),
    );
    expect(labels(h.api.replyKeyboard(rector.id)?.keyboard)).toEqual(leaderMenu(t.ky));
    expect(h.api.commands(chatScope(rector))).toEqual(commandsIn(t.ky, LEADER_COMMANDS));
  });

  it("one link for a group: each person joins as a separate user welcomed in their role; once used up a newcomer gets 'used'", async () => {
    const first: LocalUser = { id: 2051, firstName: "Бакыт", languageCode: "ky" };
    const second: LocalUser = { id: 2052, firstName: "Nurlan", languageCode: "en" };
    const late: LocalUser = { id: 2053, firstName: "Late", languageCode: "ru" };
    const code = await h.invite("head", "ИЭФ", undefined, 2);
    for (const [user, lng] of [
      [first, "ky"],
      [second, "en"],
    ] as const) {
      const welcome = await h.say(user, `/start ${code}`);
      expect(welcome.params.text).toBe(
        t[lng]("bot.welcome", {
          name: user.firstName,
          role: t[lng]("bot.role.head"),
          scope: t[lng]("bot.scope.unit", { unit: "ИЭФ" }),
        }),
      );
      expect(labels(h.api.replyKeyboard(user.id)?.keyboard)).toEqual(menuFor(t[lng], false));
      expect(h.api.commands(chatScope(user))).toEqual(commandsIn(t[lng], FIGURE_COMMANDS));
    }
    const invite = await h.db.invite.findUniqueOrThrow({
      where: { codeHash: hashCode(code) },
      include: { users: { orderBy: { id: "asc" } } },
    });
    expect(invite.uses).toBe(2);
    expect(invite.users.map((u) => [u.telegramId, u.role, u.scopeUnitId])).toEqual([
      ["2051", "head", await h.unitId("ИЭФ")],
      ["2052", "head", await h.unitId("ИЭФ")],
    ]);

    expect((await h.say(late, `/start ${code}`)).params.text).toBe(t.ru("problems.inviteUsed"));
    expect(h.sent(late, "setMyCommands")).toEqual([]);
    expect(await boundUser(late)).toBeNull();
    await expectNeedsInvite(late, "ru");
    // the first is still in, welcomed back on the same link, and took no second place
    expect((await h.say(first, `/start ${code}`)).params.text).toBe(
      t.ky("bot.welcomeBack", { role: t.ky("bot.role.head"), scope: t.ky("bot.scope.unit", { unit: "ИЭФ" }) }),
    );
    expect((await inviteOf(code)).uses).toBe(2);
  });

  it("refuses a code used before: 'used', nothing bound", async () => {
    const first: LocalUser = { id: 2011, firstName: "First", languageCode: "ky" };
    const second: LocalUser = { id: 2012, firstName: "Second", languageCode: "en" };
    const code = await h.invite("dean", "ЭТИ");
    await h.say(first, `/start ${code}`);
    expect(await boundUser(first)).not.toBeNull();

    expect((await h.say(second, `/start ${code}`)).params.text).toBe(t.en("problems.inviteUsed"));
    expect(h.sent(second, "setMyCommands")).toEqual([]);
    expect(h.api.replyKeyboard(second.id)).toBeUndefined();
    expect(await boundUser(second)).toBeNull();
    await expectNeedsInvite(second, "en");
    // the first user keeps the binding
    expect(await boundUser(first)).toMatchObject({ role: "dean", revokedAt: null });
  });

  it("the same code again from the account it bound (a redelivered update) is 'already in', not 'used'", async () => {
    const dean: LocalUser = { id: 2013, firstName: "Again", languageCode: "en" };
    const code = await h.invite("dean", "ЭТИ");
    await h.say(dean, `/start ${code}`);
    const again = await h.say(dean, `/start ${code}`);
    expect(again.params.text).toBe(
      t.en("bot.welcomeBack", { role: t.en("bot.role.dean"), scope: t.en("bot.scope.unit", { unit: "ЭТИ" }) }),
    );
    expect(labels(h.api.replyKeyboard(dean.id)?.keyboard)).toEqual(menuFor(t.en));
    expect(h.api.commands(chatScope(dean))).toEqual(commandsIn(t.en, SENDER_COMMANDS));
    expect(await h.db.user.count({ where: { telegramId: String(dean.id) } })).toBe(1);

    // once revoked, the old code does not let the account back in
    await h.db.user.update({ where: { telegramId: String(dean.id) }, data: { revokedAt: new Date() } });
    expect((await h.say(dean, `/start ${code}`)).params.text).toBe(t.en("problems.inviteUsed"));
    expect(await boundUser(dean)).toMatchObject({ revokedAt: expect.any(Date) });
  });

  it("refuses an expired code: 'expired', nothing bound (created expired, or expired by the clock)", async () => {
    const late: LocalUser = { id: 2021, firstName: "Late", languageCode: "ky" };
    expect((await h.say(late, `/start ${await h.invite("dean", "МТФ", -1000)}`)).params.text).toBe(
      t.ky("problems.inviteExpired"),
    );
    expect(await boundUser(late)).toBeNull();

    const later: LocalUser = { id: 2022, firstName: "Later", languageCode: "ru" };
    const code = await h.invite("dean", "МТФ", 3600_000);
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 2 * 3600_000);
    try {
      expect((await h.say(later, `/start ${code}`)).params.text).toBe(t.ru("problems.inviteExpired"));
    } finally {
      h.clock.now = saved;
    }
    expect(await boundUser(later)).toBeNull();
    await expectNeedsInvite(later, "ru");
    await expectNeedsInvite(late, "ky");
  });

  it("refuses an unknown or malformed code: 'unknown'", async () => {
    const guesser: LocalUser = { id: 2031, firstName: "Guess", languageCode: "ky" };
    expect((await h.say(guesser, "/start AAAAAAAAAAAAAAAA")).params.text).toBe(t.ky("problems.inviteUnknown"));
    expect((await h.say(guesser, "/start ../../etc/passwd")).params.text).toBe(t.ky("problems.inviteUnknown"));
    expect(await boundUser(guesser)).toBeNull();
  });

  it("after five wrong codes the sixth gets the rate-limit message, even a good one, and binds nothing", async () => {
    const brute: LocalUser = { id: 2041, firstName: "Brute", languageCode: "en" };
    for (let i = 0; i < 5; i++)
      expect((await h.say(brute, `/start wrongcode${i}`)).params.text).toBe(t.en("problems.inviteUnknown"));
    const code = await h.invite("leader", null);
    expect((await h.say(brute, `/start ${code}`)).params.text).toBe(t.en("problems.inviteTooMany", { minutes: 10 }));
    expect(h.sent(brute, "setMyCommands")).toEqual([]);
    expect(await boundUser(brute)).toBeNull();
    await expectNeedsInvite(brute, "en");

    // the good code was not spent: someone else (another chat) can still use it
    expect((await inviteOf(code)).usedAt).toBeNull();
    const rightful: LocalUser = { id: 2042, firstName: "Rightful", languageCode: "en" };
    expect((await h.say(rightful, `/start ${code}`)).params.text).toContain("Rightful");
    expect(await boundUser(rightful)).toMatchObject({ role: "leader" });
    expect((await inviteOf(code)).usedAt).not.toBeNull();
  });
});

describe("strangers and students", () => {
  it("a stranger is asked for an invite on /debtors, free text, a menu label and a bare /start", async () => {
    const stranger: LocalUser = { id: 2101, firstName: "Stranger", languageCode: "ru" };
    await expectNeedsInvite(stranger, "ru");
    for (const text of ["МТФ карызкорлор", "должники МТФ", t.ky("bot.menu.debtors"), "/start"]) {
      expect((await h.say(stranger, text)).params.text).toBe(t.ru("problems.needInvite"));
      expect(h.sent(stranger, ["sendPhoto", "editMessageText"])).toEqual([]);
    }
  });

  it("a student may not see figures: a polite 'not for students', no menu of figures", async () => {
    const student: LocalUser = { id: 2111, firstName: "Student", languageCode: "ky" };
    await h.bindUser(student, "student");
    expect((await h.say(student, "/debtors")).params.text).toBe(t.ky("problems.notForStudents"));
    expect((await h.say(student, "МТФ карызкорлор")).params.text).toBe(t.ky("problems.notForStudents"));
    expect(h.sent(student, "sendPhoto")).toEqual([]);
    expect((await h.say(student, "/help")).params.text).toBe(t.ky("bot.helpStudent"));
    expect(labels(h.api.replyKeyboard(student.id)?.keyboard)).toEqual([
      [t.ky("bot.menu.surveys")],
      [t.ky("bot.menu.language"), t.ky("bot.menu.help")],
    ]);
  });
});

describe("commands", () => {
  it("registers the default commands at start-up in Kyrgyz (default), Russian and English", () => {
    expect(h.api.commands()).toEqual(commandsIn(t.ky, STRANGER_COMMANDS));
    expect(h.api.commands({ type: "default" }, "ru")).toEqual(commandsIn(t.ru, STRANGER_COMMANDS));
    expect(h.api.commands({ type: "default" }, "en")).toEqual(commandsIn(t.en, STRANGER_COMMANDS));
    expect(h.api.commands({ type: "default" }, "ky")).toBeUndefined(); // Kyrgyz is the default set
    expect(t.ky("bot.commands.start")).not.toBe(t.ru("bot.commands.start"));
  });
});

describe("language switch", () => {
  async function choose(user: LocalUser, label: string) {
    const ask = await h.say(user, "/lang");
    const chooser = ask.result as { message_id: number };
    expect(ask.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Кыргызча", callback_data: "lang:ky", hide: false },
          { text: "Русский", callback_data: "lang:ru", hide: false },
          { text: "English", callback_data: "lang:en", hide: false },
        ],
      ],
    });
    const answer = await h.press(user, label);
    expect(answer.error).toBeUndefined();
    return chooser.message_id;
  }

  it("stores the chosen language: later answers and chat commands follow it, not Telegram's", async () => {
    const dean: LocalUser = { id: 2201, firstName: "Dean", languageCode: "ky" };
    await h.bindUser(dean, "dean", "МТФ");
    expect((await h.say(dean, "/lang")).params.text).toBe(t.ky("bot.language.choose"));

    const chooser = await choose(dean, "Русский");
    expect(textOf(dean, chooser)).toBe(t.ru("bot.language.set"));
    expect(h.sent(dean, "sendMessage")[0]?.params.text).toBe(deanHelp(t.ru));
    expect(labels(h.api.replyKeyboard(dean.id)?.keyboard)).toEqual(menuFor(t.ru));
    expect(h.api.commands(chatScope(dean))).toEqual(commandsIn(t.ru, SENDER_COMMANDS));
    expect((await boundUser(dean))?.language).toBe("ru");

    const answer = await h.say(dean, "/debtors");
    const text = textOf(dean, (answer.result as { message_id: number }).message_id);
    expect(text).toContain("МТФ — должники");
    expect(text).toContain("после пересдач");
    expect(text).toContain("Очная: должников 525 (60,1%), контингент 873");
    // a menu label in the old language still works
    const byLabel = await h.say(dean, t.ky("bot.menu.debtors"));
    expect(textOf(dean, (byLabel.result as { message_id: number }).message_id)).toContain("МТФ — должники");
  });

  it("a language button's data pressed on a chart (a photo, no text to edit) sets it and says so in a new message", async () => {
    const dean: LocalUser = { id: 2204, firstName: "Dean", languageCode: "ky" };
    await h.bindUser(dean, "dean", "МТФ");
    await h.say(dean, "/debtors");
    const chart = h.api.lastBotMessage(dean.id);
    expect(chart?.photo).toBeDefined();
    const answer = await h.forgePress(dean, chart?.message_id ?? 0, "lang:en");
    expect(answer.error).toBeUndefined();
    expect(h.api.callsSinceMark("editMessageText")).toEqual([]);
    expect(h.sent(dean, "sendMessage").map((c) => [c.params.text, c.error])[0]).toEqual([t.en("bot.language.set"), undefined]);
    expect((await boundUser(dean))?.language).toBe("en");
  });

  it("works for a user whose Telegram sends no language at all", async () => {
    const dean: LocalUser = { id: 2202, firstName: "NoLang" };
    await h.bindUser(dean, "dean", "МТФ");
    expect((await h.say(dean, "/help")).params.text).toBe(deanHelp(t.ky));
    await choose(dean, "English");
    expect(h.api.commands(chatScope(dean))).toEqual(commandsIn(t.en, SENDER_COMMANDS));
    const answer = await h.say(dean, "/debtors");
    const text = textOf(dean, (answer.result as { message_id: number }).message_id);
    expect(text).toContain("МТФ — debtors");
    expect(text).toContain("Full-time: 525 debtors (60.1%) of 873 enrolled");
  });

  it("a stranger may switch language; nothing is stored, the invite hint comes in that language", async () => {
    const stranger: LocalUser = { id: 2203, firstName: "Guest", languageCode: "ky" };
    await choose(stranger, "English");
    expect(h.sent(stranger, "sendMessage")[0]?.params.text).toBe(t.en("problems.needInvite"));
    expect(h.sent(stranger, "setMyCommands")).toEqual([]);
    expect(await boundUser(stranger)).toBeNull();
  });
});
