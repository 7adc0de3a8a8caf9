// Two bot instances in webhook mode on one database, behind the local Bot API acting as
// Telegram and a load balancer: consecutive updates of one chat go to alternate instances
// (a quarter of them to both at once), each worker on in both. A survey created over
// several messages and presses comes out whole, every update answered once; a re-posted
// update is acknowledged and dropped; wrong invite codes add up across instances; the
// survey's scheduled launch runs once and each of 300 students gets their link once, from
// the one sender holding the lease. On PostgreSQL each instance has its own connection
// pool; on SQLite they share one client (two better-sqlite3 connections in one process
// would wait for each other's lock with the event loop stopped; separate processes on
// one file are what tests/e2e/delivery-kill.test.ts runs).
import { EventEmitter } from "node:events";
import { createServer } from "node:net";
import type { TFunction } from "i18next";
import pino from "pino";
import type { Telegraf } from "telegraf";
import type { InlineKeyboardMarkup, Update } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { loadConfig } from "../../bot/config.ts";
import type { SapatContext } from "../../bot/context.ts";
import { type ApiCall, LocalBotApi, type LocalUser } from "../../bot/local-api/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { runBot } from "../../bot/run.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { onPostgres, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { FIRST_STUDENT_ID, untilSent } from "../support/delivery.ts";
import { bishkek } from "../support/requests.ts";

const STUDENTS = 300;
const SECRET = "instances-secret-0123456789";
const HOOK = "https://sapat.example.kg/telegram/hook";
const FORM = "https://forms.example.kg/quality";
const tmp = tempDir("sapat-instances-");
const admin: LocalUser = { id: 100, firstName: "Сапат", languageCode: "en" };
const students = Array.from({ length: STUDENTS }, (_, i) => FIRST_STUDENT_ID + i);
const clock = { now: bishkek("2026-09-01 10:00") };

let api: LocalBotApi;
let apiRoot: string;
let db: PrismaClient;
const clients: PrismaClient[] = [];
const bots: Telegraf<SapatContext>[] = [];
const runs: Promise<unknown>[] = [];
const origins: string[] = [];
/** each instance's log lines, JSON */
const logs: string[][] = [[], []];
let en: TFunction;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function startInstance(i: number, databaseUrl: string): Promise<void> {
  const port = await freePort();
  origins[i] = `http://127.0.0.1:${port}`;
  const loaded = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: apiRoot,
    BOT_MODE: "webhook",
    WEBHOOK_URL: HOOK,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    SAPAT_WORKER: "on",
    SAPAT_SCHEDULER_EVERY_MS: "200",
    SAPAT_SEND_RATE: "25",
  });
  if (!loaded.ok) throw new Error(loaded.problem.code);
  const client = onPostgres ? createPrisma(databaseUrl) : db;
  if (onPostgres) clients.push(client);
  const logger = pino({ level: "info" }, { write: (line: string) => void logs[i]?.push(line) });
  await new Promise<void>((resolve, reject) => {
    const run = runBot(
      loaded.config,
      { db: client, logger, now: () => clock.now },
      {
        signals: new EventEmitter(),
        onStarted: (bot) => {
          bots[i] = bot;
          resolve();
        },
      },
    );
    runs.push(run);
    run.then((r) => (r.ok ? undefined : reject(new Error(r.problem.code))), reject);
  });
}

beforeAll(async () => {
  en = await translator("en");
  const databaseUrl = testDatabaseUrl(tmp.dir, "instances");
  const demo = await buildDemo(databaseUrl);
  db = demo.db;
  const units = await db.unit.findMany({ where: { institutionId: demo.institution.id }, orderBy: { id: "asc" } });
  await db.user.createMany({
    data: [
      { institutionId: demo.institution.id, telegramId: String(admin.id), role: "admin", language: "en", firstName: "QA" },
      ...students.map((id, i) => ({
        institutionId: demo.institution.id,
        telegramId: String(id),
        role: "student",
        scopeUnitId: units[i % units.length]?.id ?? null,
        course: 1 + (i % 4),
        form: "full-time",
        language: ["ky", "ru", "en"][i % 3] ?? null,
        firstName: `Student ${i}`,
      })),
    ],
  });
  api = new LocalBotApi({ botUsername: "sapat_instances_bot", waitTimeoutMs: 10_000 });
  ({ apiRoot } = await api.start());
  api.setFaults({
    seed: 11,
    tooManyRequests: { share: 0.05, retryAfter: 1, methods: ["sendMessage"] },
    recipientShares: { blocked: 0.03 },
  });
  await startInstance(0, databaseUrl);
  await startInstance(1, databaseUrl);
  // both registered the same webhook; the balancer sends in turn, a quarter also to the other at once
  api.balance({ targets: origins, duplicates: 0.25, retryMs: 100 });
}, 120_000);

afterAll(async () => {
  for (const bot of bots) bot.stop("test");
  await Promise.all(runs.map((r) => r.catch(() => undefined)));
  await api?.stop();
  for (const c of [...clients, db]) await c?.$disconnect();
  tmp.cleanup();
});

/** The bot's calls to this chat since the last mark. */
const sent = (chat: number, method?: string | string[]) => api.callsSinceMark(method).filter((c) => c.params.chat_id === chat);

/** Waits until every instance the balancer gave the update to has answered it; the calls since the last mark. */
async function deliver(update: Update): Promise<ApiCall[]> {
  const d = await api.delivered(update);
  expect(d.delivered).toBe(true);
  return api.callsSinceMark();
}

async function say(user: LocalUser, text: string): Promise<string[]> {
  api.mark();
  await deliver(api.sendText(user, text));
  return sent(user.id, "sendMessage").map((c) => String(c.params.text));
}

async function press(user: LocalUser, label: string): Promise<ApiCall[]> {
  api.mark();
  const update = api.pressButtonByText(user.id, label);
  const calls = await deliver(update);
  expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
  return calls.filter((c) => c.method !== "answerCallbackQuery");
}

describe(`two webhook instances on one ${onPostgres ? "PostgreSQL" : "SQLite"} database`, () => {
  it("take a survey dialogue spread across both, each update answered once", async () => {
    expect(await say(admin, "/survey")).toEqual([en("surveys.bot.askTitle")]);
    expect(await say(admin, "Окутуунун сапаты")).toEqual([en("surveys.bot.askUrl")]);
    expect(await say(admin, "forms.example.kg")).toEqual([en("problems.surveyUrlBad", { url: "forms.example.kg" })]);
    expect(await say(admin, `${FORM} entry.5`)).toEqual([en("surveys.bot.askAudience")]);
    const audience = await press(admin, en("announce.audience.students"));
    expect(audience.map((c) => c.params.text)).toEqual([en("surveys.bot.askDates")]);
    const [preview, ...more] = await say(admin, "02.09.2026 20.09.2026");
    expect(more).toEqual([]);
    expect(preview).toContain("Окутуунун сапаты");
    expect(preview).toContain(`— ${STUDENTS} people`);
    expect(preview).toContain("02.09.2026 – 20.09.2026");
    const launch = await press(admin, en("surveys.bot.launch"));
    expect(launch.map((c) => [c.method, String(c.params.text)])).toEqual([
      ["editMessageText", en("surveys.bot.waiting", { id: 1, opens: "02.09.2026" })],
    ]);

    // what was typed on one instance was there on the other: the survey is whole
    const survey = await db.survey.findUniqueOrThrow({ where: { id: 1 } });
    expect(survey).toMatchObject({ titleKy: "Окутуунун сапаты", formUrl: FORM, tokenField: "entry.5", status: "open" });
    expect(await db.dialogue.count()).toBe(0);
    expect(await db.campaign.count()).toBe(0);

    // consecutive updates went to alternate instances, some to both at once
    const mine = api.webhookDeliveries().filter((d) => d.posts.length > 0);
    expect(mine.map((d) => d.posts[0]?.target)).toEqual(mine.map((_, k) => origins[k % 2]));
    expect(mine.filter((d) => d.posts.length === 2).length).toBeGreaterThan(0);
  });

  it("acknowledge a re-posted update and answer nothing, on either instance", async () => {
    api.mark();
    const update = api.sendText(admin, "/surveys");
    await deliver(update);
    expect(sent(admin.id, "sendMessage")).toHaveLength(1);
    api.mark();
    const statuses = await Promise.all(
      origins.map(async (origin) => {
        const res = await fetch(`${origin}/telegram/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body: JSON.stringify(update),
        });
        return res.status;
      }),
    );
    expect(statuses).toEqual([200, 200]);
    expect(api.callsSinceMark()).toEqual([]);
  });

  it("count wrong invite codes together, whichever instance each one reached", async () => {
    const guesser: LocalUser = { id: 4242, firstName: "Guess", languageCode: "en" };
    for (let i = 0; i < 5; i++) expect(await say(guesser, `/start wrongcode${i}`)).toEqual([en("problems.inviteUnknown")]);
    expect(await say(guesser, "/start wrongcode5")).toEqual([en("problems.inviteTooMany", { minutes: 10 })]);
  });

  it(`run the scheduled launch once, and the one sender sends each of ${STUDENTS} students their link once`, async () => {
    api.mark();
    clock.now = bishkek("2026-09-02 09:00");
    let campaign = null;
    for (let waited = 0; !campaign && waited < 20_000; waited += 100) {
      campaign = await db.campaign.findUnique({ where: { idempotencyKey: "survey:1:launch" } });
      if (!campaign) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!campaign) throw new Error("the scheduled launch never ran");
    await untilSent(db, campaign.id, 90_000);

    const tokens = new Map(
      (await db.surveyRecipient.findMany({ include: { user: true } })).map((r) => [Number(r.user.telegramId), r.token]),
    );
    expect(tokens.size).toBe(STUDENTS);
    const wrong: string[] = [];
    for (const id of students) {
      const delivered = api
        .callsSinceMark("sendMessage")
        .filter((c) => c.params.chat_id === id && !c.error)
        .map((c) => (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat()[0]);
      const expected = api.fateOf(id) ? [] : [`${FORM}?entry.5=${tokens.get(id)}`];
      const got = delivered.map((b) => (b && "url" in b ? b.url : "?"));
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${id}: ${JSON.stringify(got)}`);
    }
    // Telegram's 429s were met (and waited out: tests/e2e/delivery.test.ts measures that, in a process of its own)
    expect(api.calls.some((c) => c.fault === "tooManyRequests")).toBe(true);

    // one job run, one campaign, one sender
    const job = await db.job.findUniqueOrThrow({ where: { key: "survey:1:launch" } });
    const count = (i: number, what: string, also = "") => logs[i]?.filter((l) => l.includes(what) && l.includes(also)).length;
    expect({
      wrong,
      job: { state: job.state, attempts: job.attempts },
      campaigns: await db.campaign.count(),
      deliveries: await db.delivery.count(),
      resent: (await db.delivery.aggregate({ _sum: { resends: true } }))._sum.resends,
      jobRuns: [count(0, '"job ran"', "survey:1:launch"), count(1, '"job ran"', "survey:1:launch")].sort(),
      sendersStarted: [count(0, '"sender started"'), count(1, '"sender started"')].sort(),
    }).toEqual({
      wrong: [],
      job: { state: "done", attempts: 1 },
      campaigns: 1,
      deliveries: STUDENTS,
      resent: 0,
      jobRuns: [0, 1],
      sendersStarted: [0, 1],
    });
  }, 150_000);
});
