// /accreditation and the expiry reminders through the real bot, the worker's sender and its
// scheduler against the local Bot API, with the clock set: a dean sees only his unit's
// programmes (and is refused another unit's), the same answer to a question in words, a
// chart; past the 6-month lead the leader and the deans above the unit get exactly one
// reminder each, a leader who blocked the bot is recorded unreachable and stops nobody;
// after a restart within the same lead nothing more; past the 3-month lead exactly one more;
// the weekly summary reaches the admin once.
import type { TFunction } from "i18next";
import pino from "pino";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleAccreditationReminders } from "../../bot/app/accreditation/accreditation-reminders.ts";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import { Worker } from "../../bot/worker/worker.ts";
import { seedRegistry } from "../support/accreditation.ts";
import { untilSent } from "../support/delivery.ts";
import { ADMIN, bishkek, DEAN_EF, DEAN_TF, facultyWithDepartments } from "../support/requests.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let worker: Worker;
const t = {} as Record<Language, TFunction>;
const user = (id: string, firstName: string): LocalUser => ({ id: Number(id), firstName });
const admin = user(ADMIN, "Сапат");
const deanEf = user(DEAN_EF, "Dean EF");
const deanTf = user(DEAN_TF, "Dean TF");
const LEADER_A = "7300000201";
const LEADER_B = "7300000202";
const LEADER_C = "7300000203";
const leaderA = user(LEADER_A, "Leader A");
const leaderB = user(LEADER_B, "Leader B");
const leaderC = user(LEADER_C, "Leader C");

const deps = () => ({ db: h.db, now: () => h.clock.now });
const logger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
/** The accreditation reminders in a chat (not the bot's answers to commands). */
const reminders = (u: LocalUser) => h.api.messages(u.id).filter((m) => /^⏰ (Accreditation|Аккредитация)/u.test(m.text ?? ""));
const summaries = (u: LocalUser) => h.api.messages(u.id).filter((m) => (m.text ?? "").startsWith("📋 "));
const buttonsOf = (markup: unknown) =>
  ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? []) as { text: string; callback_data?: string }[];

async function allSent(): Promise<void> {
  for (const c of await h.db.campaign.findMany({ select: { id: true } })) await untilSent(h.db, c.id, 20_000);
}

function newWorker(): Worker {
  return new Worker(
    { db: h.db, now: () => h.clock.now, logger: logger() },
    {
      token: h.api.token,
      apiRoot: h.bot.telegram.options.apiRoot,
      timeoutMs: 2_000,
      // the scheduler's first pass only (at start): the test runs the later ones at the times it sets
      schedulerEveryMs: 3_600_000,
      sender: { idleMs: 50, progressEveryMs: 200 },
    },
  );
}

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  h.clock.now = bishkek("2026-12-20 12:00");
  // a demo database may come with a registry of its own: this test's programmes only
  await h.db.accreditation.deleteMany();
  await h.db.licence.deleteMany();
  await h.db.programme.deleteMany();
  await facultyWithDepartments(h.db, h.institution, 2);
  await h.db.user.updateMany({ where: { telegramId: { in: [DEAN_EF, DEAN_TF] } }, data: { language: "en" } });
  await seedRegistry(
    h.db,
    h.institution,
    [
      {
        code: "640100",
        unit: "ЭФ-1",
        nameKy: "Электр энергетикасы",
        nameEn: "Power engineering",
        leader: LEADER_A,
        decided: "2022-06-15",
      },
      { code: "640200", unit: "ЭФ", leader: LEADER_B, decided: "2022-06-16" },
      { code: "640300", level: "master", unit: "ЭФ" },
      { code: "740100", unit: "ТФ", leader: LEADER_C, decided: "2022-06-15" },
    ],
    h.clock.now,
  );
  // leader B blocked the bot: Telegram refuses every message to him
  h.api.setFaults({ forbiddenChats: { [Number(LEADER_B)]: "blocked" } });
  worker = newWorker();
  void worker.sender.start();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await h?.stop();
});

describe("/accreditation", () => {
  it("shows a dean only his unit's programmes: counts, days left, buttons within 64 bytes", async () => {
    const r = await h.say(deanEf, "/accreditation");
    const text = String(r.params.text);
    expect(text).toContain(t.en("accreditationBot.title", { unit: "ЭФ", on: "20.12.2026" }));
    expect(text).toContain("✅ 0 valid · ⏳ 2 expiring within 12 months · ❌ 0 expired · ➖ 1 never accredited");
    expect(text).toContain("⏳ 640100 Power engineering (bachelor) — 15.06.2027 — 177 days");
    expect(text).toContain("➖ 640300 Программа 640300 (master) — never accredited");
    expect(text).not.toContain("740100");
    const buttons = buttonsOf(r.params.reply_markup);
    expect(buttons.map((b) => b.text)).toContain("📊 Chart");
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(64);
  });

  it("refuses another unit with the localized reason", async () => {
    expect((await h.say(deanEf, "/accreditation ТФ")).params.text).toBe(t.en("problems.denied", { unit: "ТФ", scope: "ЭФ" }));
  });

  it("filters by a button and by typed words; answers a question in words the same way", async () => {
    await h.press(deanEf, /^❌ expired$/u);
    const edited = h.sent(deanEf, "editMessageText")[0];
    expect(String(edited?.params.text)).toContain(t.en("accreditationBot.noneShown"));
    const typed = String((await h.say(deanEf, "/accreditation магистратура never")).params.text);
    expect(typed).toContain("640300");
    expect(typed).not.toContain("640100");
    const command = String((await h.say(deanEf, "/accreditation")).params.text);
    expect((await h.say(deanEf, "which accreditations expire in the next 12 months?")).params.text).toBe(command);
  });

  it("draws the chart", async () => {
    await h.say(deanEf, "/accreditation");
    await h.press(deanEf, "📊 Chart");
    const photo = h.sent(deanEf, "sendPhoto")[0];
    expect(photo?.params.caption).toContain(t.en("accreditationBot.title", { unit: "ЭФ", on: "20.12.2026" }));
  });
});

describe("expiry reminders", () => {
  it("past the 6-month lead: exactly one to each leader and dean; the blocked leader stops nobody", async () => {
    await scheduleAccreditationReminders(deps(), h.institution.id);
    await runDueJobs(deps(), "test");
    await allSent();
    expect(reminders(leaderA).map((m) => m.text)).toHaveLength(1);
    expect(reminders(leaderA)[0]?.text).toContain("640100 «Электр энергетикасы»");
    expect(reminders(deanEf).map((m) => /\d{6}/u.exec(m.text ?? "")?.[0])).toEqual(expect.arrayContaining(["640100", "640200"]));
    expect(reminders(deanEf)).toHaveLength(2);
    expect(reminders(leaderC)).toHaveLength(1);
    expect(reminders(deanTf)).toHaveLength(1);
    expect(h.api.deliveredCount(leaderB.id)).toBe(0);
    expect((await h.db.user.findUniqueOrThrow({ where: { telegramId: LEADER_B } })).unreachableReason).toBe("blocked");
  });

  it("after a restart within the same lead nothing more; the weekly summary reaches the admin once", async () => {
    await worker.stop();
    await h.restart();
    h.clock.now = bishkek("2026-12-27 12:00");
    worker = newWorker();
    worker.start();
    // the worker's start plans the day and runs what is due (the summary of Monday 21.12)
    const deadline = Date.now() + 20_000;
    while (!worker.jobRuns.some((r) => r.key.startsWith("accreditation-plan:"))) {
      if (Date.now() > deadline) throw new Error(`the worker did not plan: ${JSON.stringify(worker.jobRuns)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await allSent();
    expect(worker.jobRuns.find((r) => r.key.startsWith("accreditation-summary:"))?.result).toBe("done");
    expect(summaries(admin)).toHaveLength(1);
    expect(summaries(admin)[0]?.text).toContain("640100");
    expect(summaries(admin)[0]?.text).toContain("• 640200 «Программа 640200», 6 → ✅ Декан ЭФ, ⛔ Лидер 640200");
    expect(summaries(admin)[0]?.text).toContain("• 640100 «Электр энергетикасы», 6 → ✅ Декан ЭФ, ✅ Лидер 640100");
    for (const [u, n] of [
      [leaderA, 1],
      [deanEf, 2],
      [leaderC, 1],
      [deanTf, 1],
    ] as const)
      expect(reminders(u)).toHaveLength(n);
  });

  it("past the 3-month lead exactly one more each; run again, nothing", async () => {
    h.clock.now = bishkek("2027-03-16 10:00");
    await runDueJobs(deps(), "test");
    await allSent();
    await runDueJobs(deps(), "test");
    await allSent();
    for (const [u, n] of [
      [leaderA, 2],
      [deanEf, 4],
      [leaderC, 2],
      [deanTf, 2],
    ] as const)
      expect(reminders(u)).toHaveLength(n);
    expect(h.api.deliveredCount(leaderB.id)).toBe(0);
    expect(summaries(admin)).toHaveLength(1);
  });
});
