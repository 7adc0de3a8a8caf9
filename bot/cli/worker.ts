// sapat worker: the sender and the scheduler as their own process (SAPAT_WORKER=off on the
// bot then). Several may run: one sends, the others wait to take over.
import type { Command } from "commander";
import { openDatabase } from "../../prisma/client.ts";
import { loadWorkerConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
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
  const worker = new Worker({ db, now: () => new Date(), logger }, workerOptionsFrom(config));
  try {
    const stopped = new Promise<string>((resolve) => {
      signals.once("SIGINT", () => resolve("SIGINT"));
      signals.once("SIGTERM", () => resolve("SIGTERM"));
    });
    worker.start();
    logger.info({ owner: worker.sender.owner }, "worker started");
    const signal = await stopped;
    logger.info({ signal }, "worker stopping");
    await worker.stop();
    return 0;
  } finally {
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
    .description("run the delivery sender and the scheduler (TELEGRAM_BOT_TOKEN, SAPAT_SEND_RATE, SAPAT_SEND_CONCURRENCY)")
    .action(() => run((ctx) => startWorker(ctx, env)));
}
