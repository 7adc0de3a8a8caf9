// BOT_MODE=webhook: the same bot behind our HTTP server (bot/web), fed over HTTP, with
// /healthz and /metrics on the same port; and how it starts and stops.
import { EventEmitter } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import pino from "pino";
import type { Telegraf } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { loadConfig } from "../../bot/config.ts";
import type { SapatContext } from "../../bot/context.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";
import { runBot } from "../../bot/run.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { upsertLocalUser } from "../../prisma/store/users.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { seriesValue } from "../support/metrics.ts";

const SECRET = "test-secret-0123456789";
let api: LocalBotApi;
let bot: Telegraf<SapatContext> | undefined;
let db: PrismaClient;
let port: number;
let apiRootUrl: string;
const tmp = tempDir("sapat-webhook-");

function webhookConfig(on: number, env: Record<string, string> = {}) {
  const loaded = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: apiRootUrl,
    BOT_MODE: "webhook",
    WEBHOOK_URL: "https://sapat.example.kg/telegram/hook",
    WEBHOOK_SECRET: SECRET,
    PORT: String(on),
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problem.code);
  return loaded.config;
}

const text = (chat: number, id: number, body: string) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: chat, type: "private" },
    from: { id: chat, is_bot: false, first_name: "R", language_code: "en" },
    text: body,
  },
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  const demo = await buildDemo(testDatabaseUrl(tmp.dir, "demo"));
  db = demo.db;
  await upsertLocalUser(db, {
    institutionId: demo.institution.id,
    telegramId: "777",
    role: "leader",
    scopeUnitId: null,
    firstName: "Rector",
  });
  api = new LocalBotApi({ botUsername: "sapat_hook_bot" });
  const { apiRoot } = await api.start();
  port = await freePort();
  apiRootUrl = apiRoot;
  await new Promise<void>((resolve, reject) => {
    runBot(webhookConfig(port), { db, logger: pino({ level: "silent" }) }, (b) => {
      bot = b;
      resolve();
    }).catch(reject);
  });
});

afterAll(async () => {
  bot?.stop("test");
  await api.stop();
  await db.$disconnect();
  tmp.cleanup();
});

function post(update: object, secret = SECRET, to = port) {
  return fetch(`http://127.0.0.1:${to}/telegram/hook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(update),
  });
}

describe("webhook mode", () => {
  it("registers the webhook with its secret and answers updates posted to it", async () => {
    const set = api.calls.find((c) => c.method === "setWebhook");
    expect(set?.params).toMatchObject({ url: "https://sapat.example.kg/telegram/hook", secret_token: SECRET });
    expect(api.calls.some((c) => c.method === "setMyCommands")).toBe(true);
    api.mark();
    const message = {
      message_id: 1,
      date: 0,
      chat: { id: 777, type: "private" },
      from: { id: 777, is_bot: false, first_name: "R", language_code: "en" },
    };
    const res = await post({
      update_id: 1,
      message: { ...message, text: "/debtors ЭТИ", entities: [{ type: "bot_command", offset: 0, length: 8 }] },
    });
    expect(res.status).toBe(200);
    const reply = await api.waitFor("sendMessage", (c) => c.params.chat_id === 777);
    expect(String(reply.params.text)).toContain("152");
  });

  it("answers 400 to a post with the secret that holds no update, 415 to one that is no JSON", async () => {
    const raw = (body: string) =>
      fetch(`http://127.0.0.1:${port}/telegram/hook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body,
      });
    for (const body of ["{}", "[]", "null", '{"update_id":"1"}', '{"update_id":-1}', '{"update_id":1.5}'])
      expect((await raw(body)).status, body).toBe(400);
    expect((await raw("{not json")).status).toBe(415);
    // without the secret the same post is refused as any other (nothing told to a stranger)
    expect((await post({}, "wrong")).status).toBe(403);
  });

  it("rejects a post without the secret", async () => {
    api.mark();
    const res = await post(
      {
        update_id: 2,
        message: {
          message_id: 2,
          date: 0,
          chat: { id: 777, type: "private" },
          from: { id: 777, is_bot: false, first_name: "R" },
          text: "/help",
        },
      },
      "wrong",
    );
    expect(res.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(api.callsSinceMark("sendMessage")).toEqual([]);
  });
});

describe("/healthz and /metrics on the webhook's port", () => {
  it("counts the update answered above by its kind and times it; the refused post is not counted", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const metrics = await res.text();
    expect(seriesValue(metrics, "sapat_updates_total", { kind: "message" })).toBe(1);
    expect(seriesValue(metrics, "sapat_answer_seconds_count", { kind: "message" })).toBe(1);
    expect(seriesValue(metrics, "sapat_answer_seconds_bucket", { kind: "message", le: "+Inf" })).toBe(1);
    expect(seriesValue(metrics, "sapat_outbox_depth")).toBe(0);
  });

  it("counts a button press as a callback_query once its answer is out", async () => {
    const res = await post({
      update_id: 3,
      callback_query: {
        id: "cb-3",
        chat_instance: "1",
        data: "nothing-handles-this",
        from: { id: 777, is_bot: false, first_name: "R" },
        message: { message_id: 1, date: 0, chat: { id: 777, type: "private" }, text: "…" },
      },
    });
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(seriesValue(metrics, "sapat_updates_total", { kind: "callback_query" })).toBe(1);
    expect(seriesValue(metrics, "sapat_updates_total", { kind: "message" })).toBe(1);
  });

  it("says the deployment is healthy", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { ok: true }, queue: { depth: 0, due: 0 } });
  });

  it("answers 404 to anything else, the webhook's path by GET included", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/telegram/hook`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/other`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("starting and stopping in webhook mode", () => {
  it("retries a failed setWebhook at start-up; a stop lets the answer in flight finish, then closes the port", async () => {
    const own = await freePort();
    api.mark();
    api.failNext("setWebhook", { error_code: 502, description: "Bad Gateway" });
    const signals = new EventEmitter();
    let started: (b: Telegraf<SapatContext>) => void = () => {};
    const up = new Promise<Telegraf<SapatContext>>((resolve) => {
      started = resolve;
    });
    // below the server's keep-alive timeout (5 s): the answered request's connection must not hold the stop
    const config = webhookConfig(own, { SAPAT_WORKER: "off", SHUTDOWN_TIMEOUT_MS: "3000" });
    const run = runBot(config, { db, logger: pino({ level: "silent" }) }, { signals, onStarted: (b) => started(b) });
    const hooked = await up;
    expect(api.callsSinceMark("setWebhook").map((c) => c.error?.error_code)).toEqual([502, undefined]);
    expect((await post(text(778, 10, "/help"), SECRET, own)).status).toBe(200);
    // an update no feature takes reaches the end of the chain: held there until released
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    hooked.use(async (ctx, next) => {
      if (ctx.updateType !== "poll") return next();
      entered();
      await released;
    });
    const inFlight = post(
      {
        update_id: 12,
        poll: { id: "p", question: "?", options: [], total_voter_count: 0, is_closed: true, is_anonymous: true, type: "regular" },
      },
      SECRET,
      own,
    );
    await inside;
    signals.emit("SIGTERM", "SIGTERM");
    release();
    expect((await inFlight).status).toBe(200);
    expect(await run).toEqual({ ok: true, value: { signal: "SIGTERM", cutOff: false } });
    await expect(fetch(`http://127.0.0.1:${own}/healthz`)).rejects.toThrow();
  });

  it("a stop with an answer hung in Telegram waits SHUTDOWN_TIMEOUT_MS, then gives it up", async () => {
    const own = await freePort();
    const signals = new EventEmitter();
    let started: () => void = () => {};
    const up = new Promise<void>((resolve) => {
      started = resolve;
    });
    const config = webhookConfig(own, { SAPAT_WORKER: "off", SHUTDOWN_TIMEOUT_MS: "300", TELEGRAM_TIMEOUT_MS: "2000" });
    const run = runBot(config, { db, logger: pino({ level: "silent" }) }, { signals, onStarted: started });
    await up;
    api.setFaults({ hang: ["sendMessage"] });
    try {
      const inFlight = post(text(779, 11, "/help"), SECRET, own);
      await api.waitFor("sendMessage", (c) => c.fault === "hang" && c.params.chat_id === 779);
      signals.emit("SIGTERM", "SIGTERM");
      expect(await run).toEqual({ ok: true, value: { signal: "SIGTERM", cutOff: true } });
      // its connection is ended, not left open
      await expect(inFlight).rejects.toThrow();
    } finally {
      api.setFaults({});
    }
  });

  it("a port in use is one problem naming it", async () => {
    const result = await runBot(webhookConfig(port, { SAPAT_WORKER: "off" }), { db, logger: pino({ level: "silent" }) });
    expect(result).toMatchObject({ ok: false, problem: { code: "webListen", params: { host: "127.0.0.1", port } } });
  });
});
