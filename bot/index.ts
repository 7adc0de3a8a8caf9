// createBot wires middleware and features in order; the whole bot reads from this file.
// Production, the end-to-end tests and the local console all build the bot here.
import { Telegraf } from "telegraf";
import { type ApiRetryOptions, installApiRetry } from "./api-retry.ts";
import type { BotDeps, BotServices, SapatContext } from "./context.ts";
import { accreditationFeature } from "./features/accreditation/handlers.ts";
import { announceFeature } from "./features/announce/handlers.ts";
import { entryFeature } from "./features/entry/handlers.ts";
import { exportFeature } from "./features/export/handlers.ts";
import { fallbackFeature } from "./features/fallback/handlers.ts";
import { figuresFeature } from "./features/figures/handlers.ts";
import { freeTextFeature } from "./features/free-text/handlers.ts";
import { helpFeature } from "./features/help/handlers.ts";
import { historyFeature } from "./features/history/handlers.ts";
import { joinFeature } from "./features/join/handlers.ts";
import { languageFeature } from "./features/language/handlers.ts";
import { ownOnlyFeature } from "./features/own-only/handlers.ts";
import { plansFeature } from "./features/plans/handlers.ts";
import { practiceFeature } from "./features/practice/handlers.ts";
import { practiceEntryFeature } from "./features/practice-entry/handlers.ts";
import { requestsFeature } from "./features/requests/handlers.ts";
import { sessionEntryFeature } from "./features/session-entry/handlers.ts";
import { settingsFeature } from "./features/settings/handlers.ts";
import { startFeature } from "./features/start/handlers.ts";
import { surveyResultsFeature } from "./features/survey-results/handlers.ts";
import { surveysFeature } from "./features/surveys/handlers.ts";
import { uploadFeature } from "./features/upload/handlers.ts";
import { SentFiles } from "./io/sent-files.ts";
import { loggableError, quietTelegrafPayloads } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { errorBoundary } from "./middleware/error-boundary.ts";
import { fairShare } from "./middleware/fair-share.ts";
import { logging } from "./middleware/logging.ts";
import { measured } from "./middleware/metrics.ts";
import { oncePerUpdate } from "./middleware/once.ts";
import { perChat } from "./middleware/per-chat.ts";
import { privateOnly } from "./middleware/private-only.ts";
import { loadUser } from "./middleware/user.ts";
import { initI18n } from "./present/i18n.ts";

export interface BotOptions {
  token: string;
  apiRoot: string;
  /** How long Telegram's 429s are waited out; default see api-retry.ts. */
  apiRetry?: ApiRetryOptions;
  /** Updates handled at once (default 8); the rest wait in arrival order. */
  concurrency?: number;
  /**
   * Each update id handled once across processes (recorded in the database): for webhooks,
   * which Telegram retries and a balancer may hand to two instances. Polling has one
   * poller and confirmed offsets, and keeps its read-only answers free of writes.
   */
  dedupeUpdates?: boolean;
}

export async function createBot(options: BotOptions, deps: BotDeps): Promise<Telegraf<SapatContext>> {
  await initI18n();
  quietTelegrafPayloads();
  // webhookReply off: every call goes through the Bot API, so webhook and polling behave alike
  const bot = new Telegraf<SapatContext>(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
  const services: BotServices = {
    ...deps,
    now: deps.now ?? (() => new Date()),
    metrics: deps.metrics ?? createMetrics(),
    sentFiles: new SentFiles(),
  };
  const retry: ApiRetryOptions = { logger: deps.logger, ...options.apiRetry };
  installApiRetry(bot.telegram, retry);
  bot.use((ctx, next) => {
    // telegraf builds a new Telegram for every update (ctx.telegram), so each gets the retry too
    installApiRetry(ctx.telegram, retry);
    ctx.deps = services;
    return next();
  });
  // in webhook mode a copy of an update (Telegram's retry, or two instances) is acknowledged at once
  if (options.dedupeUpdates) bot.use(oncePerUpdate);
  // timed from here, the queues below included; one chat's updates in order; who is asking (and their language) first; then nothing scoped leaves a private chat
  bot.use(
    measured(services.metrics),
    perChat(),
    fairShare(options.concurrency ?? 8),
    errorBoundary,
    logging,
    loadUser,
    privateOnly,
  );
  bot.use(
    startFeature(),
    // a student's id while his group's link waits for it; then students and teachers see only their own
    joinFeature(),
    ownOnlyFeature(),
    languageFeature(),
    helpFeature(),
    figuresFeature(),
    practiceFeature(),
    accreditationFeature(),
    settingsFeature(),
    exportFeature(),
    // action plans: a file or text sent as an item's evidence is taken before an import would be
    plansFeature(),
    // documents: spreadsheets to import (before the fallback, which answers every other message)
    uploadFeature(),
    surveyResultsFeature(),
    requestsFeature(),
    // before the entries and free text: a /survey dialogue's next text is its answer
    surveysFeature(),
    // figures typed in step by step: the next text of someone entering belongs to the entry
    entryFeature(),
    practiceEntryFeature(),
    sessionEntryFeature(),
    historyFeature(),
    // before free text: an announcer's next text may be the draft's text or audience
    announceFeature(),
    freeTextFeature(),
    fallbackFeature(),
  );
  // A press nothing above handles (malformed or outdated data): answered, so the button stops spinning.
  bot.on("callback_query", (ctx) => ctx.answerCbQuery());
  // Last resort: the error boundary already answered; this keeps polling alive.
  bot.catch((error, ctx) => deps.logger.error({ ...loggableError(error), update: ctx.update.update_id }, "unhandled"));
  return bot;
}
