// The real bot (createBot) polling the local Bot API server, on a fresh demo database.
import path from "node:path";
import type { TFunction } from "i18next";
import pino, { type Logger } from "pino";
import type { Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { SapatContext } from "../../bot/context.ts";
import { registerDefaultCommands } from "../../bot/features/menu/commands.ts";
import { type BotOptions, createBot } from "../../bot/index.ts";
import {
  type ApiCall,
  type CallbackQueryUpdate,
  type DocumentInput,
  LocalBotApi,
  type LocalUser,
} from "../../bot/local-api/index.ts";
import { type Language, translator } from "../../bot/present/i18n.ts";
import type { Role } from "../../core/index.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { createInvite, upsertLocalUser } from "../../prisma/store/users.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

/** An inline button: its label on the newest bot message that has it, or exact data on a given message. */
export type ButtonRef = string | RegExp | { messageId: number; data: string };

export interface Harness {
  api: LocalBotApi;
  bot: Telegraf<SapatContext>;
  db: PrismaClient;
  databaseUrl: string;
  institution: Institution;
  clock: { now: Date };
  /** a user bound directly (as if onboarded): role and unit code */
  bindUser(user: LocalUser, role: Role, unit?: string): Promise<void>;
  /** an invite code; `maxUses` people may join with it (default 1) */
  invite(role: Role, unit: string | null, expiresInMs?: number, maxUses?: number): Promise<string>;
  unitId(code: string): Promise<number>;
  /**
   * Marks, sends text and waits until the bot has handled it; resolves with the bot's first
   * call of one of these methods to this chat since (rejects at once when there is none).
   */
  say(user: LocalUser, text: string, method?: string | string[]): Promise<ApiCall>;
  /** Marks, sends a document (e.g. a spreadsheet to import) and waits until the bot has handled it; resolves like say. */
  sendFile(user: LocalUser, doc: DocumentInput, method?: string | string[]): Promise<ApiCall>;
  /** Marks, presses an inline button and waits until the bot has handled it; resolves with its answerCallbackQuery. */
  press(user: LocalUser, button: ButtonRef): Promise<ApiCall>;
  /** Marks, queues a callback query with any data (as a modified client could) and waits until it is handled. */
  forgePress(user: LocalUser, messageId: number, data: string): Promise<ApiCall>;
  /** Resolves once the bot has handled this update: telegraf confirms a batch with the next getUpdates offset. */
  handled(update: Update): Promise<void>;
  /** The bot's calls to this chat since the last mark (say, press, forgePress or api.mark()). */
  sent(user: LocalUser, method?: string | string[]): ApiCall[];
  t(lng: Language): Promise<TFunction>;
  /**
   * A restart: the running bot is stopped and a new one (a new createBot, its own database
   * connection on the same file) polls the same local Bot API; `bot` is then the new one.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The chat a call goes to: chat_id, or a chat-scoped setMyCommands' scope. */
const chatOf = (c: ApiCall) => c.params.chat_id ?? (c.params.scope as { chat_id?: unknown } | undefined)?.chat_id;

export interface HarnessOptions {
  /** Default: pino at TEST_LOG_LEVEL, else silent. */
  logger?: Logger;
  /** SQLite's busy timeout of the bot's connection, ms (tests that hold a lock keep it short). */
  busyTimeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const tmp = tempDir("sapat-e2e-");
  const databaseUrl = testDatabaseUrl(tmp.dir, "demo");
  const { db, institution } = await buildDemo(
    databaseUrl,
    options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
  );
  const clock = { now: new Date() };
  const api = new LocalBotApi({ botUsername: "sapat_test_bot", waitTimeoutMs: 8000 });
  const { apiRoot } = await api.start();
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const botOptions: BotOptions = { token: api.token, apiRoot };
  let bot = await createBot(botOptions, { db, logger, now: () => clock.now });
  await registerDefaultCommands(bot.telegram);
  let running = bot.launch();
  await api.waitFor("getUpdates");
  /** connections of restarted bots, closed on stop */
  const restarted: PrismaClient[] = [];
  const unitId = async (code: string) => (await db.unit.findFirstOrThrow({ where: { institutionId: institution.id, code } })).id;
  const handled = async (update: Update) => {
    await api.waitFor("getUpdates", (c) => Number(c.params.offset) > update.update_id);
  };
  const sent = (user: LocalUser, method?: string | string[]) =>
    api.callsSinceMark(method).filter((c) => c.method !== "getUpdates" && chatOf(c) === user.id);
  const firstSent = (user: LocalUser, method: string | string[]) => {
    const call = sent(user, method)[0];
    if (!call) {
      const got = sent(user).map((c) => c.method);
      throw new Error(`the bot made no ${String(method)} call to chat ${user.id} (it made: ${got.join(", ") || "none"})`);
    }
    return call;
  };
  const answered = async (update: CallbackQueryUpdate) => {
    await handled(update);
    const id = update.callback_query.id;
    const answer = api.callsSinceMark("answerCallbackQuery").find((c) => c.params.callback_query_id === id);
    if (!answer) throw new Error(`callback query ${id} (${update.callback_query.data}) was never answered`);
    return answer;
  };
  return {
    api,
    get bot() {
      return bot;
    },
    db,
    databaseUrl,
    institution,
    clock,
    unitId,
    async bindUser(user, role, unit) {
      await upsertLocalUser(db, {
        institutionId: institution.id,
        telegramId: String(user.id),
        role,
        scopeUnitId: unit ? await unitId(unit) : null,
        firstName: user.firstName ?? "Test",
      });
    },
    async invite(role, unit, expiresInMs = 7 * 24 * 3600 * 1000, maxUses = 1) {
      const { code } = await createInvite(db, {
        institutionId: institution.id,
        role,
        scopeUnitId: unit ? await unitId(unit) : null,
        expiresAt: new Date(clock.now.getTime() + expiresInMs),
        createdBy: "test",
        maxUses,
      });
      return code;
    },
    async say(user, text, method = "sendMessage") {
      api.mark();
      await handled(api.sendText(user, text));
      return firstSent(user, method);
    },
    async sendFile(user, doc, method = "sendMessage") {
      api.mark();
      await handled(api.sendDocument(user, doc));
      return firstSent(user, method);
    },
    async press(user, button) {
      api.mark();
      const update =
        typeof button === "object" && !(button instanceof RegExp)
          ? api.pressButton(user.id, button.messageId, button.data)
          : api.pressButtonByText(user.id, button);
      return answered(update);
    },
    async forgePress(user, messageId, data) {
      const message = api.messages(user.id).find((m) => m.message_id === messageId);
      if (!message) throw new Error(`no bot message ${messageId} in chat ${user.id}`);
      api.mark();
      const update = api.pushUpdate({
        callback_query: {
          id: `forged-${Date.now()}-${Math.random().toString(36).slice(2)}`,
          from: { id: user.id, is_bot: false, first_name: user.firstName ?? "Test", language_code: user.languageCode },
          message: message.raw,
          chat_instance: String(-user.id),
          data,
        },
      }) as CallbackQueryUpdate;
      return answered(update);
    },
    handled,
    sent,
    t: translator,
    async restart() {
      bot.stop("restart");
      await running;
      const connection = createPrisma(
        databaseUrl,
        options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
      );
      restarted.push(connection);
      bot = await createBot(botOptions, { db: connection, logger, now: () => clock.now });
      api.mark();
      running = bot.launch();
      await api.waitFor("getUpdates");
    },
    async stop() {
      bot.stop("test");
      await running;
      await api.stop();
      for (const connection of restarted) await connection.$disconnect();
      await db.$disconnect();
      tmp.cleanup();
    },
  };
}

/** Width and height of a PNG, after checking its signature and that IHDR comes first; null if it is not one. */
export function pngSize(bytes: Buffer | undefined): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes || bytes.length < 33 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
