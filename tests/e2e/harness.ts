// The real bot (createBot) polling the local Bot API server, on a fresh demo database.
import path from "node:path";
import pino from "pino";
import type { Telegraf } from "telegraf";
import { registerDefaultCommands } from "../../bot/commands.ts";
import type { SapatContext } from "../../bot/context.ts";
import { createBot } from "../../bot/index.ts";
import { LocalBotApi, type LocalUser } from "../../bot/local-api.ts";
import { buildDemo } from "../../bot/services/demo.ts";
import type { Role } from "../../core/index.ts";
import type { PrismaClient } from "../../prisma/db.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { createInvite, upsertLocalUser } from "../../prisma/users.ts";
import { tempDir } from "../helpers.ts";

export interface Harness {
  api: LocalBotApi;
  bot: Telegraf<SapatContext>;
  db: PrismaClient;
  institution: Institution;
  clock: { now: Date };
  /** a user bound directly (as if onboarded): role and unit code */
  bindUser(user: LocalUser, role: Role, unit?: string): Promise<void>;
  invite(role: Role, unit: string | null, expiresInMs?: number): Promise<string>;
  /** send text and wait for the bot's next call of one of these methods */
  say(
    user: LocalUser,
    text: string,
    method?: string | string[],
  ): Promise<ReturnType<LocalBotApi["waitFor"]> extends Promise<infer C> ? C : never>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const tmp = tempDir("sapat-e2e-");
  const { db, institution } = await buildDemo(`file:${path.join(tmp.dir, "demo.db")}`);
  const clock = { now: new Date() };
  const api = new LocalBotApi({ botUsername: "sapat_test_bot", waitTimeoutMs: 8000 });
  const { apiRoot } = await api.start();
  const bot = await createBot(
    { token: api.token, apiRoot },
    { db, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), now: () => clock.now },
  );
  await registerDefaultCommands(bot.telegram);
  const running = bot.launch();
  await api.waitFor("getUpdates");
  const unitId = async (code: string) => (await db.unit.findFirstOrThrow({ where: { institutionId: institution.id, code } })).id;
  return {
    api,
    bot,
    db,
    institution,
    clock,
    async bindUser(user, role, unit) {
      await upsertLocalUser(db, {
        institutionId: institution.id,
        telegramId: String(user.id),
        role,
        scopeUnitId: unit ? await unitId(unit) : null,
        firstName: user.firstName ?? "Test",
      });
    },
    async invite(role, unit, expiresInMs = 7 * 24 * 3600 * 1000) {
      const { code } = await createInvite(db, {
        institutionId: institution.id,
        role,
        scopeUnitId: unit ? await unitId(unit) : null,
        expiresAt: new Date(clock.now.getTime() + expiresInMs),
        createdBy: "test",
      });
      return code;
    },
    async say(user, text, method = "sendMessage") {
      api.mark();
      api.sendText(user, text);
      return api.waitFor(method, (c) => c.params.chat_id === user.id);
    },
    async stop() {
      bot.stop("test");
      await running;
      await api.stop();
      await db.$disconnect();
      tmp.cleanup();
    },
  };
}
