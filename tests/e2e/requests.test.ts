// Data requests through the real bot and the worker's sender against the local Bot API, with
// the clock set: the quality department asks every department of ЭФ in one line, sees the
// preview, sends it; the heads get it with the entry button (one who blocked the bot does
// not stop the others); the board shows who has not submitted; lead reminders (the scheduler
// run at set times) reach only them, once; "remind now" asks for the count first; after the
// deadline the dean of ЭФ gets the overdue list; closing stops it; a long board pages.
import type { TFunction } from "i18next";
import pino from "pino";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { Worker } from "../../bot/worker/worker.ts";
import { untilSent } from "../support/delivery.ts";
import {
  ADMIN,
  bishkek,
  DEAN_EF,
  DEAN_TF,
  type Faculty,
  facultyWithDepartments,
  head,
  submitPractice,
} from "../support/requests.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let f: Faculty;
let worker: Worker;
const t = {} as Record<Language, TFunction>;
const user = (id: string, firstName: string): LocalUser => ({ id: Number(id), firstName });
const admin = user(ADMIN, "Сапат");
const deanEf = user(DEAN_EF, "Dean EF");
const deanTf = user(DEAN_TF, "Dean TF");
const heads = [1, 2, 3, 4].map((i) => user(head(i), `Башчы ${i}`));
const [head1, head2, head3, head4] = heads as [LocalUser, LocalUser, LocalUser, LocalUser];

const deps = () => ({ db: h.db, now: () => h.clock.now });
const texts = (u: LocalUser) => h.api.messages(u.id).map((m) => m.text ?? "");
const buttonsOf = (markup: unknown) =>
  ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? []) as { text: string; callback_data?: string }[];
/** What a request sent this person: the request, reminders, overdue lists (not the bot's answers to them). */
const notices = (u: LocalUser) => texts(u).filter((x) => /^(📋|⏰|⚠️) (Request|Запрос|№|Reminder|Напоминание|Эскертүү)/u.test(x));

async function sent(key: string): Promise<void> {
  const c = await h.db.campaign.findUniqueOrThrow({ where: { idempotencyKey: key } });
  await untilSent(h.db, c.id, 20_000);
}

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  h.clock.now = bishkek("2026-09-10 12:00");
  f = await facultyWithDepartments(h.db, h.institution, 5);
  await h.db.user.update({ where: { telegramId: ADMIN }, data: { language: "ru" } });
  await h.db.user.updateMany({ where: { telegramId: { in: [DEAN_EF, DEAN_TF] } }, data: { language: "en" } });
  // head 2 blocked the bot: Telegram refuses every message to him
  h.api.setFaults({ forbiddenChats: { [Number(head(2))]: "blocked" } });
  const apiRoot = h.bot.telegram.options.apiRoot;
  worker = new Worker(
    { db: h.db, now: () => h.clock.now, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }) },
    { token: h.api.token, apiRoot, timeoutMs: 2_000, sender: { idleMs: 50, progressEveryMs: 200 } },
  );
  // the sender only: the scheduler is run by the test at the times it sets
  void worker.sender.start();
}, 60_000);

afterAll(async () => {
  await worker?.sender.stop();
  await h?.stop();
});

describe("wrong values and people who may not ask", () => {
  it("are answered with what is wrong, and nothing is created", async () => {
    expect((await h.say(admin, "/request")).params.text).toBe(t.ru("problems.requestUsage"));
    expect((await h.say(admin, "/request practice 2025-2026 ЭФ 31.09.2026")).params.text).toBe(
      t.ru("problems.requestBadDeadline", { value: "31.09.2026" }),
    );
    expect((await h.say(admin, "/request practice 2025-2026 ЭФ 01.09.2026")).params.text).toBe(
      t.ru("problems.requestDeadlinePast", { deadline: "01.09.2026" }),
    );
    expect((await h.say(deanTf, "/request practice 2025-2026 ЭФ 25.09.2026")).params.text).toBe(
      t.en("problems.requestOutsideScope", { unit: "ЭФ", scope: "ТФ" }),
    );
    expect((await h.say(head1, "/request practice 2025-2026 25.09.2026")).params.text).toBe(t.ky("problems.requestForbidden"));
    expect((await h.say(head1, "/requests")).params.text).toBe(t.ky("problems.requestForbidden"));
    expect(await h.db.dataRequest.count({ where: { status: "open" } })).toBe(0);
  });
});

describe("a request to every department of ЭФ", () => {
  it("is shown first: what, from whom, by when, reminders, who gets it, who cannot", async () => {
    const preview = await h.say(admin, "/request practice 2025-2026 ЭФ 25.09.2026");
    const text = String(preview.params.text);
    expect(text).toContain(t.ru("requests.plan.who", { who: t.ru("requests.plan.from", { units: "ЭФ", count: 5 }) }));
    expect(text).toContain(t.ru("requests.plan.heads", { count: 4 }));
    expect(text).toContain("18.09.2026 09:00, 22.09.2026 09:00, 24.09.2026 09:00");
    expect(text).toContain("ЭФ-5");
    expect(notices(head1)).toEqual([]);
    expect(await h.db.campaign.count()).toBe(0);
  });

  it("Send: each head gets it with the entry button; the one who blocked the bot does not stop the others", async () => {
    await h.press(admin, t.ru("requests.bot.send"));
    const board = h.sent(admin, "sendMessage").at(-1);
    expect(String(board?.params.text)).toContain(t.ru("requests.bot.created", { id: 1 }));
    await sent("request:1:notice");
    for (const hd of [head1, head3, head4]) expect(notices(hd)).toHaveLength(1);
    expect(h.api.deliveredCount(head2.id)).toBe(0);
    // the request's backstop job a minute later finds it sent: nothing new
    h.clock.now = bishkek("2026-09-10 12:02");
    expect(await runDueJobs(deps(), "test")).toEqual([{ key: "request:1:notice", result: "done" }]);
    expect(await h.db.campaign.count()).toBe(1);
    expect((await h.db.user.findUniqueOrThrow({ where: { telegramId: head(2) } })).unreachableReason).toBe("blocked");
    const m = h.api.lastBotMessage(head1.id);
    expect(m?.text).toBe(
      t.ky("requests.message.notice.practice", {
        id: 1,
        year: "2025-2026",
        kinds: ["introductory", "educational-production", "production", "pre-diploma"]
          .map((k) => t.ky(`practice.kind.${k}`))
          .join(", "),
        deadline: "25.09.2026",
      }),
    );
    expect(buttonsOf(m?.reply_markup)).toEqual([
      { text: t.ky("requests.message.enter"), callback_data: "entry:practice:2025-2026" },
    ]);
    // head 3 reads English
    expect(h.api.lastBotMessage(head3.id)?.text).toContain("please submit your practice completion for 2025-2026");
  });

  it("/requests: the board shows who has not submitted, with the heads, the blocked one said", async () => {
    await submitPractice(h.db, h.institution, f, "ЭФ-1", "2025-2026", bishkek("2026-09-15 10:00"));
    h.clock.now = bishkek("2026-09-15 10:05");
    const board = String((await h.say(admin, "/requests")).params.text);
    expect(board).toContain(t.ru("requests.counts", { total: 5, submitted: 1, pending: 4, overdue: 0 }));
    expect(board).toContain(`⏳ ЭФ-2 — Башчы 2 (${t.ru("delivery.reason.blocked")})`);
    expect(board).toContain(`⏳ ЭФ-5 — ${t.ru("requests.board.noHead")}`);
    expect(board).toContain(`✅ ЭФ-1 — ${t.ru("requests.board.submittedAt", { at: "15.09.2026 10:00" })}`);
    // those who have not submitted come first
    expect(board.indexOf("ЭФ-2")).toBeLessThan(board.indexOf("ЭФ-1 —"));
  });

  it("lead reminders go only to those who have not submitted, once however often the scheduler runs", async () => {
    h.clock.now = bishkek("2026-09-18 09:00");
    expect(await runDueJobs(deps(), "test")).toEqual([{ key: "request:1:lead-7d", result: "done" }]);
    await sent("request:1:lead-7d");
    expect(await runDueJobs(deps(), "test")).toEqual([]);
    expect(notices(head1)).toHaveLength(1);
    expect(notices(head3)).toHaveLength(2);
    expect(notices(head4)).toHaveLength(2);
    expect(h.api.deliveredCount(head2.id)).toBe(0);
    expect(texts(head4).at(-1)).toContain("25.09.2026");
    expect(buttonsOf(h.api.lastBotMessage(head4.id)?.reply_markup)[0]?.callback_data).toBe("entry:practice:2025-2026");
  });

  it("remind now asks for the count first and sends once however often it is pressed", async () => {
    h.clock.now = bishkek("2026-09-19 11:00");
    await h.say(admin, "/requests");
    await h.press(admin, t.ru("requests.bot.remind"));
    const ask = h.sent(admin, "sendMessage").at(-1);
    if (!ask) throw new Error("no question before reminding");
    expect(String(ask.params.text)).toContain(t.ru("requests.bot.remindAsk", { count: 3, id: 1 }));
    expect(String(ask.params.text)).toContain(t.ru("requests.bot.remindUnreachable", { count: 1 }));
    const yes = buttonsOf(ask.params.reply_markup)[0] as { text: string; callback_data: string };
    const askId = (ask.result as { message_id: number }).message_id;
    await h.press(admin, { messageId: askId, data: yes.callback_data });
    const key = `request:1:now:${bishkek("2026-09-19 11:00").getTime().toString(36)}`;
    await sent(key);
    const again = await h.forgePress(admin, askId, yes.callback_data);
    expect(again.params.text).toBe(t.ru("requests.bot.alreadySent"));
    expect(notices(head3)).toHaveLength(3);
    expect(notices(head1)).toHaveLength(1);
  });

  it("after the deadline the dean of ЭФ gets the overdue list, the requester the whole list, once", async () => {
    h.clock.now = bishkek("2026-09-26 09:00");
    const runs = await runDueJobs(deps(), "test");
    expect(runs).toContainEqual({ key: "request:1:overdue", result: "done" });
    await sent("request:1:overdue");
    await sent(`request:1:overdue:${DEAN_EF}`);
    expect(await runDueJobs(deps(), "test")).toEqual([]);
    const list = texts(deanEf).filter((x) => x.startsWith("⚠️"));
    expect(list).toHaveLength(1);
    expect(list[0]).toContain("4 of 5 units have not submitted: ЭФ-2, ЭФ-3, ЭФ-4, ЭФ-5");
    expect(texts(admin).filter((x) => x.includes("ЭФ-2, ЭФ-3, ЭФ-4, ЭФ-5"))).toHaveLength(1);
    expect(texts(deanTf).filter((x) => x.startsWith("⚠️"))).toEqual([]);
    const board = String((await h.say(admin, "/requests")).params.text);
    expect(board).toContain(t.ru("requests.counts", { total: 5, submitted: 1, pending: 0, overdue: 4 }));
    expect(board).toContain("⚠️ ЭФ-3 — Башчы 3");
  });

  it("Close asks first; a closed request sends nothing more and leaves the list", async () => {
    await h.press(admin, t.ru("requests.bot.close"));
    await h.press(admin, t.ru("requests.bot.closeYes"));
    expect(h.api.lastBotMessage(admin.id)?.text).toBe(t.ru("requests.bot.closed", { id: 1 }));
    expect((await h.say(admin, "/requests")).params.text).toBe(t.ru("requests.bot.none"));
  });
});

describe("a long board", () => {
  it("pages 20 units at a time, and a unit without a head is said before anything is sent", async () => {
    h.clock.now = bishkek("2026-09-27 10:00");
    const tf = await h.unitId("ТФ");
    await h.db.unit.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        institutionId: h.institution.id,
        code: `ТФ-${String(i + 1).padStart(2, "0")}`,
        kind: "department",
        parentId: tf,
      })),
    });
    const preview = String((await h.say(deanTf, "/request practice 2026-2027 30.09.2026")).params.text);
    expect(preview).toContain(t.en("requests.plan.from", { units: "ТФ", count: 45 }));
    expect(preview).toContain(t.en("requests.plan.noHeads"));
    expect(preview).toContain("ТФ-20 … and 25 more");
    await h.press(deanTf, t.en("requests.bot.send"));
    const first = String(h.sent(deanTf, "sendMessage").at(-1)?.params.text);
    expect(first).toContain(t.en("requests.bot.createdNobody", { id: 2 }));
    expect(first).toContain("Page 1 of 3");
    expect(first).toContain("ТФ-20");
    expect(first).not.toContain("ТФ-21");
    await h.press(deanTf, "▶");
    await h.press(deanTf, "▶");
    const last = h.api.lastBotMessage(deanTf.id);
    expect(last?.text).toContain("Page 3 of 3");
    expect(last?.text).toContain("⏳ ТФ-45");
    expect(buttonsOf(last?.reply_markup).map((b) => b.text)).not.toContain("▶");
    expect((last?.text ?? "").length).toBeLessThan(4096);
  });
});

describe("from the request to the figure", () => {
  it("a head presses the request's button, enters 45 of 50 and the board counts him submitted", async () => {
    h.clock.now = bishkek("2026-09-28 10:00");
    await h.say(admin, "/request practice 2026-2027 ЭФ производственная 30.09.2026");
    await h.press(admin, t.ru("requests.bot.send"));
    const request = await h.db.dataRequest.findFirstOrThrow({ where: { status: "open", year: "2026-2027", createdBy: ADMIN } });
    await sent(`request:${request.id}:notice`);
    const notice = h.api.lastBotMessage(head3.id);
    expect(buttonsOf(notice?.reply_markup)).toEqual([
      { text: t.en("requests.message.enter"), callback_data: "entry:practice:2026-2027:production" },
    ]);
    // the kind comes with the button: the first question is the number assigned
    await h.press(head3, t.en("requests.message.enter"));
    expect(h.api.lastBotMessage(head3.id)?.text).toContain(t.en("practice.kind.production"));
    await h.say(head3, "50");
    await h.say(head3, "45");
    await h.press(head3, t.en("entry.confirm"));
    expect(
      await h.db.practiceResult.findFirst({ where: { unit: { code: "ЭФ-3" }, year: "2026-2027", kind: "production" } }),
    ).toMatchObject({ assigned: 50, completed: 45, source: "chat", chatId: head(3) });
    const board = String((await h.say(admin, "/requests")).params.text);
    // two requests open: the list, this one counting the head's figure
    expect(board).toMatch(new RegExp(`№${request.id} .*производственная.*: сдали 1/5, просрочено 0`));
  });
});
