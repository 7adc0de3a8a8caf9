// BOT_MODE=webhook: the same bot behind telegraf's webhook server, fed over HTTP.
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

const SECRET = "test-secret-0123456789";
let api: LocalBotApi;
let bot: Telegraf<SapatContext> | undefined;
let db: PrismaClient;
let port: number;
const tmp = tempDir("sapat-webhook-");

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
  const loaded = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: apiRoot,
    BOT_MODE: "webhook",
    WEBHOOK_URL: "https://sapat.example.kg/telegram/hook",
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
  });
  if (!loaded.ok) throw new Error(loaded.problem.code);
  await new Promise<void>((resolve, reject) => {
    runBot(loaded.config, { db, logger: pino({ level: "silent" }) }, (b) => {
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

function post(update: object, secret = SECRET) {
  return fetch(`http://127.0.0.1:${port}/telegram/hook`, {
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
