// Students join by their group's link with their student id (issue 11, item 1): a wrong id, an
// id of another group, someone else's id, a full link and an expired one are each refused with
// their own message; joining twice says so; three wrong ids make the chat wait; the join
// survives a restart; a joined student is refused figures politely.
import path from "node:path";
import type { TFunction } from "i18next";
import type { KeyboardButton } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRosterFile } from "../../bot/app/imports/roster-import.ts";
import { type GroupLink, issueGroupLinks } from "../../bot/app/roster/group-links.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { type Harness, startHarness } from "./harness.ts";

const ROSTER = path.resolve(import.meta.dirname, "../../data/students/roster-sample.csv");
const DAY = 86_400_000;

let h: Harness;
const t = {} as Record<Language, TFunction>;

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  const imported = await importRosterFile(h.db, {
    file: ROSTER,
    institutionId: h.institution.id,
    enteredBy: "test",
    now: h.clock.now,
  });
  expect(imported.status).toBe("written");
});
afterAll(() => h?.stop());

const deps = () => ({ db: h.db, now: () => h.clock.now });

async function link(group: string, options: { uses?: number; expiresInMs?: number } = {}): Promise<GroupLink> {
  const r = await issueGroupLinks(deps(), {
    institutionId: h.institution.id,
    groups: [group],
    expiresInMs: options.expiresInMs ?? 14 * DAY,
    createdBy: "test",
    ...(options.uses ? { uses: options.uses } : {}),
  });
  if (!r.ok) throw new Error(r.problem.code);
  return r.value[0] as GroupLink;
}

const text = async (user: LocalUser, message: string) => String((await h.say(user, message)).params.text);
const userOf = (user: LocalUser) => h.db.user.findUnique({ where: { telegramId: String(user.id) } });
const entryOf = (studentId: string) =>
  h.db.rosterEntry.findUniqueOrThrow({ where: { institutionId_studentId: { institutionId: h.institution.id, studentId } } });
const labels = (rows: KeyboardButton[][] | undefined) => rows?.map((r) => r.map((b) => (typeof b === "string" ? b : b.text)));

describe("a student joins by his group's link", () => {
  let ee: GroupLink;
  beforeAll(async () => {
    ee = await link("ЭЭ-1-23");
  });

  it("asks for the id in Kyrgyz, refuses a wrong id and another group's id alike, binds the right one", async () => {
    const bakyt: LocalUser = { id: 5101, firstName: "Бакыт", languageCode: "ky" };
    expect(await text(bakyt, `/start ${ee.code}`)).toBe(t.ky("roster.join.askId", { group: "ЭЭ-1-23" }));
    expect(await text(bakyt, "9999999")).toBe(t.ky("problems.joinUnknownId"));
    // on the roster, but of ТЭ-1-24: the link does not tell
    expect(await text(bakyt, "0241001")).toBe(t.ky("problems.joinUnknownId"));
    expect(await userOf(bakyt)).toBeNull();
    const welcome = await text(bakyt, " 0231001 ");
    expect(welcome).toBe(
      t.ky("roster.join.welcome", {
        name: "Бакыт",
        group: "ЭЭ-1-23",
        unit: "ЭФ",
        course: 2,
        form: t.ky("common.form.full-time"),
      }),
    );
    const user = await userOf(bakyt);
    expect(user).toMatchObject({ role: "student", course: 2, form: "full-time", groupName: "ЭЭ-1-23" });
    expect(user?.scopeUnitId).toBe(await h.unitId("ЭФ"));
    expect((await entryOf("0231001")).userId).toBe(user?.id);
    expect((await h.db.invite.findUniqueOrThrow({ where: { id: ee.inviteId } })).uses).toBe(1);
    expect(labels(h.api.replyKeyboard(bakyt.id)?.keyboard)).toEqual([
      [t.ky("bot.menu.surveys")],
      [t.ky("bot.menu.language"), t.ky("bot.menu.help")],
    ]);
    expect(h.api.commands({ type: "chat", chat_id: bakyt.id })?.map((c) => c.command)).toEqual([
      "start",
      "mysurveys",
      "settings",
      "lang",
      "help",
    ]);
  });

  it("opening the link again after joining says so and takes no second place", async () => {
    const bakyt: LocalUser = { id: 5101, firstName: "Бакыт", languageCode: "ky" };
    expect(await text(bakyt, `/start ${ee.code}`)).toBe(t.ky("roster.join.already"));
    expect((await h.db.invite.findUniqueOrThrow({ where: { id: ee.inviteId } })).uses).toBe(1);
  });

  it("refuses someone else's id: bound to another account, ask the quality department", async () => {
    const other: LocalUser = { id: 5102, firstName: "Other", languageCode: "ru" };
    expect(await text(other, `/start ${ee.code}`)).toBe(t.ru("roster.join.askId", { group: "ЭЭ-1-23" }));
    expect(await text(other, "0231001")).toBe(t.ru("problems.joinIdTaken"));
    expect(await userOf(other)).toBeNull();
    expect((await entryOf("0231001")).userId).toBe((await userOf({ id: 5101 }))?.id);
  });

  it("a joined student asking for figures is refused politely, never answered with figures", async () => {
    const bakyt: LocalUser = { id: 5101, firstName: "Бакыт", languageCode: "ky" };
    for (const q of ["ЭФ карызкорлор", "/debtors", "/practice", "/requests", "/submit"])
      expect(await text(bakyt, q)).toBe(t.ky("problems.notForStudents"));
    expect(h.sent(bakyt, "sendPhoto")).toEqual([]);
    expect(await text(bakyt, "/help")).toBe(t.ky("bot.helpStudent"));
  });

  it("three wrong ids in ten minutes make the chat wait, even for the right one", async () => {
    const guesser: LocalUser = { id: 5103, firstName: "Guesser", languageCode: "en" };
    await h.say(guesser, `/start ${ee.code}`);
    for (const id of ["1", "2", "3"]) expect(await text(guesser, id)).toBe(t.en("problems.joinUnknownId"));
    expect(await text(guesser, "0231002")).toBe(t.en("problems.joinTooMany", { minutes: 10 }));
    expect(await userOf(guesser)).toBeNull();
  });

  it("a restart between the link and the id loses nothing; /lang before joining is kept", async () => {
    const aijan: LocalUser = { id: 5104, firstName: "Айжан", languageCode: "ky" };
    await h.say(aijan, `/start ${ee.code}`);
    await h.say(aijan, "/lang");
    expect(String((await h.press(aijan, "English")).method)).toBe("answerCallbackQuery");
    expect(h.sent(aijan, "sendMessage").map((c) => c.params.text)).toEqual([t.en("roster.join.askIdAgain")]);
    await h.restart();
    const welcome = await text(aijan, "0231002");
    expect(welcome).toBe(
      t.en("roster.join.welcome", {
        name: "Айжан",
        group: "ЭЭ-1-23",
        unit: "ЭФ",
        course: 2,
        form: t.en("common.form.full-time"),
      }),
    );
    expect((await userOf(aijan))?.language).toBe("en");
  });
});

describe("a link that is full or expired", () => {
  it("a full link refuses the next student with its own message", async () => {
    const small = await link("ЭЭз-1-22", { uses: 1 });
    const first: LocalUser = { id: 5201, firstName: "First", languageCode: "ky" };
    const second: LocalUser = { id: 5202, firstName: "Second", languageCode: "ky" };
    await h.say(first, `/start ${small.code}`);
    await h.say(first, "0222001");
    expect((await userOf(first))?.groupName).toBe("ЭЭз-1-22");
    expect(await text(second, `/start ${small.code}`)).toBe(t.ky("problems.joinLinkFull"));
    expect(await userOf(second)).toBeNull();
  });

  it("the link filling up while a student types his id refuses him too", async () => {
    const small = await link("ЭЭз-1-22", { uses: 1 });
    const a: LocalUser = { id: 5203, firstName: "A", languageCode: "ky" };
    const b: LocalUser = { id: 5204, firstName: "B", languageCode: "ky" };
    await h.say(a, `/start ${small.code}`);
    await h.say(b, `/start ${small.code}`);
    expect((await userOf(a)) === null && (await userOf(b)) === null).toBe(true);
    await h.say(a, "0222002");
    expect(await text(b, "0222003")).toBe(t.ky("problems.joinLinkFull"));
    expect(await userOf(b)).toBeNull();
  });

  it("an expired link refuses with its own message", async () => {
    const short = await link("ТЭ-1-24", { expiresInMs: 60_000 });
    const late: LocalUser = { id: 5205, firstName: "Late", languageCode: "ru" };
    h.clock.now = new Date(h.clock.now.getTime() + 2 * 60_000);
    expect(await text(late, `/start ${short.code}`)).toBe(t.ru("problems.joinLinkExpired"));
    expect(await userOf(late)).toBeNull();
  });
});
