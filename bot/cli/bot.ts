// sapat bot (npm start): the Telegram bot, configured from the environment.
import type { Command } from "commander";
import { openDatabase } from "../../prisma/client.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createMetrics } from "../metrics.ts";
import { runBot } from "../run.ts";
import type { CliContext } from "./context.ts";

export async function startBot(ctx: CliContext, env: NodeJS.ProcessEnv, opts: { createDb?: boolean } = {}): Promise<number> {
  // --db wins over DATABASE_URL, as for every other command
  const loaded = loadConfig({ ...env, DATABASE_URL: ctx.databaseUrl });
  if (!loaded.ok) throw ctx.problem(loaded.problem);
  const { config } = loaded;
  const logger = createLogger(config.LOG_LEVEL);
  // A missing file is refused unless asked for: a database that vanished must not come
  // back empty (every user would be locked out), and a typo must not start a new one.
  const create = opts.createDb === true || ctx.settings.SAPAT_CREATE_DB;
  const db = await openDatabase(config.DATABASE_URL, ctx.openOptions({ ifMissing: create ? "create" : "refuse" }));
  try {
    // Node's own metrics only where someone can scrape them
    const served = config.BOT_MODE === "webhook" || config.HEALTH_PORT !== undefined;
    const result = await runBot(config, { db, logger, metrics: createMetrics({ processMetrics: served }) });
    if (!result.ok) throw ctx.problem(result.problem);
    if (!result.value.cutOff) return 0;
    ctx.io.err(ctx.t("cli.botCutOff", { seconds: config.SHUTDOWN_TIMEOUT_MS / 1000 }));
    return 1;
  } finally {
    await db.$disconnect();
  }
}

export function registerBot(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
  env: NodeJS.ProcessEnv,
): void {
  program
    .command("bot")
    .description(
      "run the Telegram bot (TELEGRAM_BOT_TOKEN, BOT_MODE=polling|webhook, WEBHOOK_URL, WEBHOOK_SECRET, PORT, HOST, HEALTH_PORT)",
    )
    .option("--create-db", "create the database file when it does not exist (also SAPAT_CREATE_DB=1)")
    .action((opts: { createDb?: boolean }) => run((ctx) => startBot(ctx, env, opts)));
}
