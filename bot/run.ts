// Running the bot for real: polling or webhook, graceful stop on SIGINT/SIGTERM.
import type { Telegraf } from "telegraf";
import { rememberBotUsername } from "./app/access/invites.ts";
import type { BotConfig } from "./config.ts";
import type { BotDeps, SapatContext } from "./context.ts";
import { registerDefaultCommands } from "./features/menu/commands.ts";
import { createBot } from "./index.ts";

/** Creates and launches the bot; resolves when it has stopped. */
export async function runBot(config: BotConfig, deps: BotDeps, onStarted?: (bot: Telegraf<SapatContext>) => void): Promise<void> {
  const bot = await createBot({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }, deps);
  const me = await bot.telegram.getMe();
  // the CLI builds invite links from it
  await rememberBotUsername(deps.db, me.username);
  await registerDefaultCommands(bot.telegram);
  const stop = (signal: string) => {
    deps.logger.info({ signal }, "stopping");
    bot.stop(signal);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  const launched = () => {
    deps.logger.info({ bot: me.username, mode: config.BOT_MODE }, "bot started");
    onStarted?.(bot);
  };
  if (config.BOT_MODE === "webhook") {
    const url = new URL(config.WEBHOOK_URL);
    // resolves once the server listens and Telegram has the webhook (onLaunch would fire before that)
    await bot.launch({
      webhook: {
        domain: url.origin,
        path: url.pathname === "/" ? "/telegram" : url.pathname,
        port: config.PORT,
        secretToken: config.WEBHOOK_SECRET,
      },
    });
    launched();
  } else await bot.launch({ dropPendingUpdates: false }, launched);
}
