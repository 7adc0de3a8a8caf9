// A survey's links to a large audience through the local Bot API with Telegram's refusals:
// every reachable student receives the message once, with a link button carrying their own
// token; those who blocked the bot are counted as unreachable; Telegram's limits hold; and
// launching again queues nothing. DELIVERY_SCALE=full runs the 2 000 students.
import type { ChildProcess } from "node:child_process";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSurvey } from "../../bot/app/surveys/create-survey.ts";
import { launchSurvey } from "../../bot/app/surveys/launch-survey.ts";
import { surveyStatus } from "../../bot/app/surveys/survey-status.ts";
import { INSTITUTION_ACCESS } from "../../core/index.ts";
import {
  type DeliveryFixture,
  deliveryFixture,
  outcomes,
  startWorkerProcess,
  stopWorkers,
  untilSent,
} from "../support/delivery.ts";

const FULL = process.env.DELIVERY_SCALE === "full";
const STUDENTS = FULL ? 2_000 : 300;
const RATE = 25;
const FORM = "https://docs.google.com/forms/d/e/1FAIpQLSf_e2e/viewform";

describe(`a survey to ${STUDENTS} students through the local Bot API`, () => {
  let f: DeliveryFixture;
  let worker: ChildProcess;
  let surveyId: number;
  const deps = () => ({ db: f.db, now: () => new Date() });
  const admin = () => ({ access: INSTITUTION_ACCESS, institutionId: f.institution.id });

  beforeAll(async () => {
    f = await deliveryFixture({ students: STUDENTS, retryAfter: FULL ? [1, 3] : [1, 2] });
    const closes = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const created = await createSurvey(
      deps(),
      admin(),
      {
        titles: { ky: "Окутуунун сапаты", ru: "Качество обучения", en: "Teaching quality" },
        url: FORM,
        tokenField: "entry.7",
        audience: { roles: ["student"] },
        closes,
      },
      { createdBy: "cli", chatId: null },
    );
    if (!created.ok) throw new Error(created.problem.code);
    surveyId = created.value.survey.id;
    const launched = await launchSurvey(deps(), admin(), surveyId, { createdBy: "cli" });
    if (!launched.ok || launched.value.campaignId === null) throw new Error("not launched");
    expect(launched.value.recipients).toBe(STUDENTS);
    worker = startWorkerProcess(f, { SAPAT_SEND_RATE: String(RATE), SAPAT_SEND_CONCURRENCY: "8" });
    await untilSent(f.db, launched.value.campaignId, FULL ? 900_000 : 120_000);
  }, 1_000_000);

  afterAll(async () => {
    if (worker) await stopWorkers([worker]);
    await f?.cleanup();
  });

  it("gives every reachable student exactly one message, its button carrying their own token", async () => {
    const { reachable, copies } = outcomes(f);
    expect(reachable.length).toBeGreaterThan(STUDENTS * 0.9);
    expect(reachable.filter((id) => copies.get(id) !== 1)).toEqual([]);
    const tokens = new Map(
      (await f.db.surveyRecipient.findMany({ include: { user: true } })).map((r) => [Number(r.user.telegramId), r.token]),
    );
    expect(new Set(tokens.values()).size).toBe(STUDENTS);
    const wrong: number[] = [];
    for (const id of reachable) {
      const m = f.api.messages(id)[0];
      const buttons = (m?.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [];
      const link = buttons.find((b) => "url" in b) as { url: string } | undefined;
      const answered = buttons.find((b) => "callback_data" in b) as { callback_data: string } | undefined;
      const ok =
        link?.url === `${FORM}?usp=pp_url&entry.7=${tokens.get(id)}` &&
        answered?.callback_data === `sv:a:${surveyId}` &&
        /Окутуунун сапаты|Качество обучения|Teaching quality/.test(m?.text ?? "");
      if (!ok) wrong.push(id);
    }
    expect(wrong).toEqual([]);
  });

  it("counts the blocked ones as unreachable, and they get nothing", async () => {
    const { reachable, unreachable, copies } = outcomes(f);
    for (const id of unreachable.keys()) expect(copies.get(id)).toBe(0);
    const status = await surveyStatus(deps(), admin(), surveyId);
    expect(status.ok && status.value.counts).toEqual({
      audience: STUDENTS,
      reachable: reachable.length,
      sent: reachable.length,
      unreachable: unreachable.size,
      confirmed: 0,
      responses: 0,
    });
  });

  it(`keeps Telegram's limits: at most ${RATE} sends in any second, a chat never twice within a second`, () => {
    expect(f.api.calls.some((c) => c.fault === "tooManyRequests")).toBe(true);
    expect(f.api.maxSendsInWindow(1_000)).toBeLessThanOrEqual(RATE);
    expect(f.api.minGapPerChat()).toBeGreaterThanOrEqual(1_000);
  });

  it("launching again queues nothing new", async () => {
    const before = await f.db.delivery.count();
    const again = await launchSurvey(deps(), admin(), surveyId, { createdBy: "cli" });
    expect(again.ok && again.value.state).toBe("already");
    expect(await f.db.delivery.count()).toBe(before);
    expect(await f.db.surveyRecipient.count()).toBe(STUDENTS);
  });
});
