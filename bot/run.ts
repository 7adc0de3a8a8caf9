// Running the bot for real: start-up with bounded retries, polling or webhook, and a stop
// on SIGINT/SIGTERM that waits for answers in flight, within a bound. Every way this ends
// badly is a Problem the caller words in one line: no stack traces for Telegram's refusals.
// The HTTP server (bot/web) takes the webhook, /healthz and /metrics in webhook mode, and
// /healthz and /metrics on HEALTH_PORT in polling mode when one is given.
import { type Telegraf, TelegramError } from "telegraf";
import type { UserFromGetMe } from "telegraf/types";
import { fail, type Outcome, ok, type Problem, problem } from "../core/index.ts";
import { ApiTimeoutError } from "./api-retry.ts";
import { rememberBotUsername } from "./app/access/invites.ts";
import type { BotConfig } from "./config.ts";
import type { BotDeps, SapatContext } from "./context.ts";
import { registerDefaultCommands } from "./features/menu/commands.ts";
import { createBot } from "./index.ts";
import { loggableError } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { ListenError, type WebServer, webServerFor } from "./web/index.ts";
import { checkedWebhook } from "./web/webhook.ts";
import { Worker, workerOptionsFrom } from "./worker/worker.ts";

/** How a run ended: by a stop (`cutOff` when answers in flight were abandoned after the bound). */
export interface Stopped {
  signal: string;
  cutOff: boolean;
}

export interface RunOptions {
  onStarted?: (bot: Telegraf<SapatContext>) => void;
  /** where SIGINT and SIGTERM come from; default the process */
  signals?: NodeJS.EventEmitter;
}

/** Errors worth another try at start-up: the network, no answer, Telegram busy or down. */
function transient(error: unknown): boolean {
  if (error instanceof ApiTimeoutError) return true;
  if (error instanceof TelegramError) return error.code === 429 || error.code >= 500;
  return error instanceof Error && error.name === "FetchError";
}

/** A failed Bot API call as the one line the operator reads. */
export function telegramProblem(error: unknown, config: BotConfig): Problem {
  const apiRoot = config.TELEGRAM_API_ROOT;
  if (error instanceof TelegramError) {
    const method = String((error.on as { method?: unknown } | undefined)?.method ?? "");
    if (error.code === 401) return problem("telegramUnauthorized");
    if (error.code === 404) return problem("telegramNotFound", { apiRoot });
    if (error.code === 409) return problem("telegramConflict");
    if (error.code === 429 || error.code >= 500)
      return problem("telegramUnavailable", { apiRoot, code: error.code, description: error.description });
    return problem("telegramRefused", { method, code: error.code, description: error.description });
  }
  if (error instanceof ApiTimeoutError) return problem("telegramNoAnswer", { apiRoot, seconds: error.timeoutMs / 1000 });
  if (error instanceof Error && error.name === "FetchError") {
    const reason = /reason: (.*)$/.exec(error.message)?.[1] ?? error.message;
    return problem("telegramUnreachable", { apiRoot, reason });
  }
  throw error;
}

function timer(ms: number): { done: Promise<void>; cancel: () => void } {
  let handle: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, Math.max(0, ms));
  });
  return { done, cancel: () => clearTimeout(handle) };
}

/** Where Telegram posts updates: WEBHOOK_URL's path, or /telegram when it has none. */
function webhookPath(config: BotConfig & { BOT_MODE: "webhook" }): { url: string; path: string } {
  const url = new URL(config.WEBHOOK_URL);
  const path = url.pathname === "/" ? "/telegram" : url.pathname;
  return { url: `${url.origin}${path}`, path };
}

/**
 * Reaching Telegram: getMe, the default commands, then (the HTTP server listening first, so
 * the first update finds it) setWebhook with the secret token, or for polling deleteWebhook —
 * each retried with backoff on transient errors until the start-up deadline; 401, 404 and
 * other refusals at once.
 */
async function startUp(
  bot: Telegraf<SapatContext>,
  config: BotConfig,
  deps: BotDeps,
  deadline: number,
  listen: () => Promise<void>,
): Promise<UserFromGetMe> {
  const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await call();
      } catch (error) {
        const delay = Math.min(500 * 2 ** (n - 1), 8_000);
        if (!transient(error) || Date.now() + delay >= deadline) throw error;
        deps.logger.warn(
          { call: what, attempt: n, retryInMs: delay, ...loggableError(error) },
          "telegram not reachable, retrying",
        );
        const pause = timer(delay);
        await pause.done;
      }
    }
  };
  const me = await attempt("getMe", () => bot.telegram.getMe());
  // set here, so launch() does not ask again outside these bounds
  bot.botInfo = me;
  // the CLI builds invite links from it; not worth failing start-up for (e.g. an import holds the lock)
  await rememberBotUsername(deps.db, me.username).catch((error: unknown) =>
    deps.logger.warn(loggableError(error), "could not store the bot's username"),
  );
  await attempt("setMyCommands", () => registerDefaultCommands(bot.telegram));
  await listen();
  if (config.BOT_MODE === "polling") await attempt("deleteWebhook", () => bot.telegram.deleteWebhook());
  else {
    const { url } = webhookPath(config);
    await attempt("setWebhook", () => bot.telegram.setWebhook(url, { secret_token: config.WEBHOOK_SECRET }));
  }
  return me;
}

/**
 * Creates and runs the bot until it is stopped (a signal, or bot.stop() from the caller) or
 * fails. Resolves with how it stopped, or the problem that ended it.
 */
export async function runBot(
  config: BotConfig,
  deps: BotDeps,
  options: RunOptions | RunOptions["onStarted"] = {},
): Promise<Outcome<Stopped>> {
  const { onStarted, signals = process } = typeof options === "function" ? { onStarted: options } : options;
  // one registry for the process: the bot's updates, the worker's sends, the server's scrapes
  const metrics = deps.metrics ?? createMetrics();
  const bot = await createBot(
    {
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      apiRetry: { timeoutMs: config.TELEGRAM_TIMEOUT_MS },
      // webhooks are retried by Telegram and may reach several instances: each update once
      dedupeUpdates: config.BOT_MODE === "webhook",
    },
    { ...deps, metrics },
  );
  const webDeps = { db: deps.db, now: deps.now ?? (() => new Date()), logger: deps.logger, metrics };
  let server: WebServer | null = null;
  let port: number | undefined;
  if (config.BOT_MODE === "webhook") {
    const { path } = webhookPath(config);
    server = webServerFor(webDeps, config, {
      path,
      handle: checkedWebhook(bot.webhookCallback(path, { secretToken: config.WEBHOOK_SECRET }), config.WEBHOOK_SECRET),
    });
    port = config.PORT;
  } else if (config.HEALTH_PORT !== undefined) {
    server = webServerFor(webDeps, config);
    port = config.HEALTH_PORT;
  }
  try {
    return await run(bot, server, port, config, { ...deps, metrics }, onStarted, signals);
  } finally {
    // whatever is still open after a stop's bound (an answer that hung) or a failed start-up
    server?.closeAll();
    await server?.close();
  }
}

async function run(
  bot: Telegraf<SapatContext>,
  server: WebServer | null,
  port: number | undefined,
  config: BotConfig,
  deps: BotDeps & Required<Pick<BotDeps, "metrics">>,
  onStarted: RunOptions["onStarted"],
  signals: NodeJS.EventEmitter,
): Promise<Outcome<Stopped>> {
  // a start-up given up on (its bound passed) must not start listening afterwards
  let abandoned = false;
  const listen = async () => {
    if (!server || port === undefined || abandoned) return;
    const listening = await server.listen(port, config.HOST);
    deps.logger.info({ host: config.HOST, port: listening }, "listening");
  };
  const startupLimit = timer(config.STARTUP_TIMEOUT_MS);
  let me: UserFromGetMe;
  try {
    const started = await Promise.race([
      startUp(bot, config, deps, Date.now() + config.STARTUP_TIMEOUT_MS, listen).then((m) => ok(m)),
      startupLimit.done.then(() =>
        fail<UserFromGetMe>(
          problem("telegramNoAnswer", { apiRoot: config.TELEGRAM_API_ROOT, seconds: config.STARTUP_TIMEOUT_MS / 1000 }),
        ),
      ),
    ]);
    if (!started.ok) {
      abandoned = true;
      return started;
    }
    me = started.value;
  } catch (error) {
    if (error instanceof ListenError)
      return fail(problem("webListen", { host: error.host, port: error.port, reason: error.reason }));
    return fail(telegramProblem(error, config));
  } finally {
    startupLimit.cancel();
  }

  // One stop, whoever asks: a signal, or bot.stop() from a test or the demo.
  let stoppedBy: string | undefined;
  let resolveStop: (signal: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => {
    resolveStop = resolve;
  });
  const telegrafStop = bot.stop.bind(bot);
  bot.stop = (reason = "stop") => {
    if (stoppedBy) return;
    stoppedBy = reason;
    deps.logger.info({ signal: reason }, "stopping");
    try {
      telegrafStop(reason);
    } catch {
      // "Bot is not running!": launch had not got that far, or the webhook is ours
    }
    // the server takes nothing new; it closes once the answers in flight are out
    void server?.close();
    resolveStop(reason);
  };
  const onSignal = (signal: string) => bot.stop(signal);
  signals.once("SIGINT", onSignal);
  signals.once("SIGTERM", onSignal);

  // the sender and scheduler, unless they run as `sapat worker` elsewhere
  const worker =
    config.SAPAT_WORKER === "on"
      ? new Worker(
          { db: deps.db, now: deps.now ?? (() => new Date()), logger: deps.logger, metrics: deps.metrics },
          workerOptionsFrom(config),
        )
      : null;
  worker?.start();

  const launched = () => {
    deps.logger.info({ bot: me.username, mode: config.BOT_MODE }, "bot started");
    onStarted?.(bot);
  };
  let running: Promise<void>;
  if (config.BOT_MODE === "webhook") {
    // Telegram has the webhook and the server listens: updates come in as requests, each
    // answered before its response; the server closes once the last one is out
    launched();
    running = stopRequested.then(() => server?.close());
  } else running = bot.launch({ dropPendingUpdates: false }, launched);

  let shutdownLimit: { cancel: () => void } | undefined;
  try {
    return await Promise.race([
      running.then(
        () => ok({ signal: stoppedBy ?? "stop", cutOff: false }),
        (error: unknown) => fail<Stopped>(telegramProblem(error, config)),
      ),
      stopRequested.then(async (signal) => {
        const limit = timer(config.SHUTDOWN_TIMEOUT_MS);
        shutdownLimit = limit;
        await limit.done;
        deps.logger.warn({ signal, waitedMs: config.SHUTDOWN_TIMEOUT_MS }, "answers in flight abandoned");
        return ok({ signal, cutOff: true });
      }),
    ]);
  } finally {
    await worker?.stop();
    shutdownLimit?.cancel();
    signals.off("SIGINT", onSignal);
    signals.off("SIGTERM", onSignal);
  }
}
