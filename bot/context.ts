// The bot's context: what middleware puts on every update before a feature sees it.
import type { TFunction } from "i18next";
import type { Logger } from "pino";
import type { Context } from "telegraf";
import type { Access } from "../core/index.ts";
import type { UserWithScope } from "./app/access/identify.ts";
import type { AppDeps, Institution, PrismaClient } from "./app/deps.ts";
import type { SentFiles } from "./io/sent-files.ts";
import type { Metrics } from "./metrics.ts";
import type { Language } from "./present/i18n.ts";

/** What the bot is handed: the same bot runs in production, tests and the console. */
export interface BotDeps {
  db: PrismaClient;
  logger: Logger;
  /** injectable clock (invite expiry, later deadlines and reminders) */
  now?: () => Date;
  /** the process's metrics (one registry per process); default a registry of the bot's own */
  metrics?: Metrics;
}

/** BotDeps with the defaults createBot fills in: what handlers and use cases get. */
export interface BotServices extends AppDeps {
  logger: Logger;
  metrics: Metrics;
  sentFiles: SentFiles;
}

export interface SapatContext extends Context {
  deps: BotServices;
  lng: Language;
  t: TFunction;
  /** the bound, active user; null for strangers */
  user: UserWithScope | null;
  access: Access | null;
  institution: Institution | null;
}
