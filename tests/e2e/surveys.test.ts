// A survey through the real bot and the worker's sender against the local Bot API, with the
// clock set: the quality department creates it in a /survey dialogue and launches it (a
// second Launch queues nothing), students get their own link and press "I have answered",
// find it under "My surveys", reminders go only to those who neither confirmed nor
// responded (at most the maximum), nothing after close; /surveys gives the QR poster.
import type { TFunction } from "i18next";
import pino from "pino";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { createSurvey } from "../../bot/app/surveys/create-survey.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { Worker } from "../../bot/worker/worker.ts";
import { INSTITUTION_ACCESS } from "../../core/index.ts";
import { markResponded } from "../../prisma/store/surveys.ts";
import { untilSent } from "../support/delivery.ts";
import { bishkek } from "../support/requests.ts";
import { type Harness, pngSize, startHarness } from "./harness.ts";

let h: Harness;
let worker: Worker;
let en: TFunction;
let ky: TFunction;
const admin: LocalUser = { id: 100, firstName: "Сапат" };
const students: LocalUser[] = [1, 2, 3, 4, 5].map((i) => ({ id: 500 + i, firstName: `Студент ${i}` }));
const [s1, s2, s3] = students as [LocalUser, LocalUser, LocalUser];
const FORM = "https://forms.example.kg/s";
const deps = () => ({ db: h.db, now: () => h.clock.now });
type Button = { text: string; url?: string; callback_data?: string };
const buttonsOf = (markup: unknown) => ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? []) as Button[];
/** The survey messages a student holds: the link and the reminders. */
const surveyMessages = (u: LocalUser) =>
  h.api.messages(u.id).filter((m) => /^(📋|⏰)/u.test(m.text ?? "") && buttonsOf(m.reply_markup).some((b) => b.url));

async function sent(key: string): Promise<void> {
  const c = await h.db.campaign.findUniqueOrThrow({ where: { idempotencyKey: key } });
  await untilSent(h.db, c.id, 20_000);
}

beforeAll(async () => {
  h = await startHarness();
  en = await h.t("en");
  ky = await h.t("ky");
  h.clock.now = bishkek("2026-09-01 10:00");
  await h.bindUser(admin, "admin");
  await h.db.user.update({ where: { telegramId: String(admin.id) }, data: { language: "en" } });
  for (const s of students) {
    await h.bindUser(s, "student", "ЭФ");
    await h.db.user.update({ where: { telegramId: String(s.id) }, data: { course: 2, form: "full-time" } });
  }
  worker = new Worker(
    { db: h.db, now: () => h.clock.now, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }) },
    {
      token: h.api.token,
      apiRoot: h.bot.telegram.options.apiRoot,
      timeoutMs: 2_000,
      sender: { idleMs: 50, progressEveryMs: 200 },
    },
  );
  void worker.sender.start();
}, 60_000);

afterAll(async () => {
  await worker?.sender.stop();
  await h?.stop();
});

describe("a survey created in the bot", () => {
  it("asks step by step, refuses a bad link, and shows a preview with the count", async () => {
    expect((await h.say(admin, "/survey")).params.text).toBe(en("surveys.bot.askTitle"));
    expect((await h.say(admin, "Окутуунун сапаты")).params.text).toBe(en("surveys.bot.askUrl"));
    expect((await h.say(admin, "forms.example.kg")).params.text).toBe(en("problems.surveyUrlBad", { url: "forms.example.kg" }));
    expect((await h.say(admin, `${FORM} entry.5`)).params.text).toBe(en("surveys.bot.askAudience"));
    await h.press(admin, en("announce.audience.students"));
    expect(h.sent(admin, "sendMessage").at(-1)?.params.text).toBe(en("surveys.bot.askDates"));
    expect((await h.say(admin, "31.02.2026")).params.text).toBe(en("problems.surveyBadDate", { value: "31.02.2026" }));
    const preview = String((await h.say(admin, "15.09.2026")).params.text);
    expect(preview).toContain("Окутуунун сапаты");
    expect(preview).toContain("— 5 people");
    expect(preview).toContain("01.09.2026 – 15.09.2026");
    expect(await h.db.campaign.count()).toBe(0);
  });

  it("Launch queues each student's own link once; a second press queues nothing", async () => {
    const previewId = h.api.messages(admin.id).findLast((m) => /Окутуунун сапаты/.test(m.text ?? ""))?.message_id as number;
    const launch = await h.press(admin, en("surveys.bot.launch"));
    expect(launch.params.callback_query_id).toBeDefined();
    await sent("survey:1:launch");
    const tokens = new Map(
      (await h.db.surveyRecipient.findMany({ include: { user: true } })).map((r) => [Number(r.user.telegramId), r.token]),
    );
    for (const s of students) {
      const got = surveyMessages(s);
      expect(got).toHaveLength(1);
      expect(got[0]?.text).toContain("Окутуунун сапаты");
      expect(buttonsOf(got[0]?.reply_markup).map((b) => b.url ?? b.callback_data)).toEqual([
        `${FORM}?entry.5=${tokens.get(s.id)}`,
        "sv:a:1",
      ]);
    }
    // the preview became the progress line the worker edits (its edit may come just after the last send)
    await h.api.waitFor(
      "editMessageText",
      (c) => c.params.message_id === previewId && /Sent|Sending/.test(String(c.params.text)),
    );
    expect(h.api.messages(admin.id).find((m) => m.message_id === previewId)?.text).toMatch(/Sent|Sending/);
    const again = await h.forgePress(admin, previewId, "svd:l:1");
    expect(again.params.text).toBe(en("surveys.bot.already", { id: 1 }));
    expect(await h.db.delivery.count()).toBe(students.length);
  });

  it("“I have answered” is recorded once and the button gives way to a thank-you", async () => {
    const message = surveyMessages(s1)[0];
    const first = await h.press(s1, { messageId: message?.message_id as number, data: "sv:a:1" });
    expect(first.params.text).toBe(ky("surveys.message.thanks"));
    const edited = h.api.messages(s1.id).find((m) => m.message_id === message?.message_id);
    expect(edited?.text).toContain(ky("surveys.message.thanks"));
    expect(buttonsOf(edited?.reply_markup).map((b) => b.callback_data ?? "url")).toEqual(["url"]);
    const again = await h.forgePress(s1, message?.message_id as number, "sv:a:1");
    expect(again.params.text).toBe(ky("surveys.message.already"));
    const recipient = await h.db.surveyRecipient.findFirstOrThrow({ where: { user: { telegramId: String(s1.id) } } });
    expect(recipient.confirmedAt).not.toBeNull();
  });

  it("students find it under “My surveys” with their own link", async () => {
    const reply = await h.say(s3, ky("bot.menu.surveys"));
    expect(String(reply.params.text)).toContain("Окутуунун сапаты");
    const token = (await h.db.surveyRecipient.findFirstOrThrow({ where: { user: { telegramId: String(s3.id) } } })).token;
    expect(buttonsOf(reply.params.reply_markup).map((b) => b.url)).toEqual([`${FORM}?entry.5=${token}`]);
  });

  it("reminds only those who neither confirmed nor responded, at most twice, and nothing after close", async () => {
    const token = (await h.db.surveyRecipient.findFirstOrThrow({ where: { user: { telegramId: String(s2.id) } } })).token;
    await markResponded(h.db, 1, [token], h.clock.now);
    h.clock.now = bishkek("2026-09-13 08:00");
    expect(await runDueJobs(deps(), "test")).toEqual([{ key: "survey:1:remind:72h", result: "done" }]);
    await sent("survey:1:remind:72h");
    h.clock.now = bishkek("2026-09-15 08:00");
    expect(await runDueJobs(deps(), "test")).toEqual([{ key: "survey:1:remind:24h", result: "done" }]);
    await sent("survey:1:remind:24h");
    expect(surveyMessages(s1)).toHaveLength(1);
    expect(surveyMessages(s2)).toHaveLength(1);
    for (const s of students.slice(2)) {
      const got = surveyMessages(s);
      expect(got).toHaveLength(3);
      expect(got[2]?.text).toContain(
        ky("surveys.message.reminder", { title: "Окутуунун сапаты", closes: "15.09.2026" }).slice(0, 12),
      );
    }
    h.clock.now = bishkek("2026-09-16 00:00");
    expect(await runDueJobs(deps(), "test")).toEqual([{ key: "survey:1:close", result: "done" }]);
    expect(await h.db.campaign.count()).toBe(3);
    expect(String((await h.say(s3, "/mysurveys")).params.text)).toBe(ky("surveys.bot.mineNone"));
  });

  it("/surveys lists it with its rate and prints its QR poster", async () => {
    const list = String((await h.say(admin, "/surveys")).params.text);
    expect(list).toContain("#1 Окутуунун сапаты · closed");
    expect(list).toContain("Answered: 2 — 40.0% of the audience, 40.0% of those reached");
    await h.press(admin, en("surveys.bot.poster", { id: 1 }));
    const doc = h.sent(admin, "sendDocument")[0];
    expect(doc).toBeDefined();
    const file = h.api.messages(admin.id).findLast((m) => m.document)?.document;
    expect(file?.fileName).toBe("survey-1-qr.png");
    expect(pngSize(file?.bytes)).toEqual({ width: 1240, height: 1754 });
  });

  it("Cancel under a file answers in a new message; a launched survey or another faculty's draft stays", async () => {
    const poster = h.api.messages(admin.id).findLast((m) => m.document);
    const posterId = poster?.message_id as number;
    // a launched survey cannot be cancelled: refused, nothing deleted
    const launched = await h.forgePress(admin, posterId, "svd:c:1");
    expect(launched.params).toMatchObject({ text: en("problems.surveyLaunched", { id: 1 }), show_alert: true });
    expect(await h.db.survey.count({ where: { id: 1 } })).toBe(1);
    const created = await createSurvey(
      deps(),
      { access: INSTITUTION_ACCESS, institutionId: h.institution.id },
      {
        titles: { ky: "Долбоор", ru: "Черновик", en: "Draft" },
        url: FORM,
        audience: { roles: ["student"], units: ["ЭФ"] },
        closes: "2026-10-30",
      },
      { createdBy: String(admin.id), chatId: String(admin.id) },
    );
    if (!created.ok) throw new Error(created.problem.code);
    const draft = created.value.survey.id;
    // the dean of another faculty: not a survey he can see
    const dean: LocalUser = { id: 301, firstName: "Декан" };
    await h.bindUser(dean, "dean", "МТФ");
    await h.say(dean, "/help");
    const deanMessage = h.api.messages(dean.id).at(-1)?.message_id as number;
    const refused = await h.forgePress(dean, deanMessage, `svd:c:${draft}`);
    expect(refused.params.show_alert).toBe(true);
    expect(await h.db.survey.count({ where: { id: draft } })).toBe(1);
    // its creator, pressing under the poster (a file: no text to edit): the draft goes, the word comes anew
    await h.forgePress(admin, posterId, `svd:c:${draft}`);
    expect(await h.db.survey.count({ where: { id: draft } })).toBe(0);
    expect(h.sent(admin, "editMessageText")).toEqual([]);
    expect(h.sent(admin, "sendMessage").map((c) => c.params.text)).toEqual([en("surveys.bot.cancelled")]);
  });

  it("is refused to students", async () => {
    // students see only their own things: /survey never reaches the survey dialogue
    expect((await h.say(s3, "/survey")).params.text).toBe(ky("problems.notForStudents"));
  });
});
