// sapat bot (npm start): the Telegram bot, configured from the environment.
import type { Command } from "commander";
import { openDatabase } from "../../prisma/client.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { runBot } from "../run.ts";
import { type CliContext, UserError } from "./context.ts";

export async function startBot(ctx: CliContext, env: NodeJS.ProcessEnv): Promise<number> {
  // --db wins over DATABASE_URL, as for every other command
  const loaded = loadConfig({ ...env, DATABASE_URL: ctx.databaseUrl });
  if (!loaded.ok) throw new UserError(loaded.message);
  const { config } = loaded;
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config.DATABASE_URL);
  try {
    await runBot(config, { db, logger });
  } finally {
    await db.$disconnect();
  }
  return 0;
}

export function registerBot(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
  env: NodeJS.ProcessEnv,
): void {
  program
    .command("bot")
    .description("run the Telegram bot (TELEGRAM_BOT_TOKEN, BOT_MODE=polling|webhook, WEBHOOK_URL, WEBHOOK_SECRET, PORT)")
    .action(() => run((ctx) => startBot(ctx, env)));
}
