// sapat worker: the sender and the scheduler as their own process (SAPAT_WORKER=off on the
// bot then). Several may run: one sends, the others wait to take over. With HEALTH_PORT it
// serves /healthz and /metrics (its sends) like the bot.
import type { Command } from "commander";
import { problem } from "../../core/index.ts";
import { openDatabase } from "../../prisma/client.ts";
import { loadWorkerConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createMetrics } from "../metrics.ts";
import { ListenError, type WebServer, webServerFor } from "../web/index.ts";
import { Worker, workerOptionsFrom } from "../worker/worker.ts";
import type { CliContext } from "./context.ts";

export async function startWorker(
  ctx: CliContext,
  env: NodeJS.ProcessEnv,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const loaded = loadWorkerConfig({ ...env, DATABASE_URL: ctx.databaseUrl });
  if (!loaded.ok) throw ctx.problem(loaded.problem);
  const { config } = loaded;
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config.DATABASE_URL, ctx.openOptions({ ifMissing: "refuse" }));
  // Node's own metrics only where someone can scrape them
  const metrics = createMetrics({ processMetrics: config.HEALTH_PORT !== undefined });
  const deps = { db, now: () => new Date(), logger, metrics };
  let server: WebServer | null = null;
  try {
    const stopped = new Promise<string>((resolve) => {
      signals.once("SIGINT", () => resolve("SIGINT"));
      signals.once("SIGTERM", () => resolve("SIGTERM"));
    });
    if (config.HEALTH_PORT !== undefined) {
      server = webServerFor(deps, config);
      const port = await server.listen(config.HEALTH_PORT, config.HOST).catch((error: unknown) => {
        if (!(error instanceof ListenError)) throw error;
        throw ctx.problem(problem("webListen", { host: error.host, port: error.port, reason: error.reason }));
      });
      logger.info({ host: config.HOST, port }, "listening");
    }
    const worker = new Worker(deps, workerOptionsFrom(config));
    worker.start();
    logger.info({ owner: worker.sender.owner }, "worker started");
    const signal = await stopped;
    logger.info({ signal }, "worker stopping");
    void server?.close();
    await worker.stop();
    return 0;
  } finally {
    server?.closeAll();
    await server?.close();
    await db.$disconnect();
  }
}

export function registerWorker(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
  env: NodeJS.ProcessEnv,
): void {
  program
    .command("worker")
    .description(
      "run the delivery sender and the scheduler (TELEGRAM_BOT_TOKEN, SAPAT_SEND_RATE, SAPAT_SEND_CONCURRENCY, HEALTH_PORT, HOST)",
    )
    .action(() => run((ctx) => startWorker(ctx, env)));
}
