// The bot's context: what middleware puts on every update before a feature sees it.
import type { TFunction } from "i18next";
import type { Logger } from "pino";
import type { Context } from "telegraf";
import type { Access } from "../core/index.ts";
import type { Institution } from "../prisma/generated/client.ts";
import type { PrismaClient } from "../prisma/store/db.ts";
import type { UserWithScope } from "../prisma/store/users.ts";
import type { Language } from "./present/i18n.ts";

/** What the bot is handed: the same bot runs in production, tests and the console. */
export interface BotDeps {
  db: PrismaClient;
  logger: Logger;
  /** injectable clock for invite expiry */
  now?: () => Date;
}

export interface SapatContext extends Context {
  deps: BotDeps;
  lng: Language;
  t: TFunction;
  /** the bound, active user; null for strangers */
  user: UserWithScope | null;
  access: Access | null;
  institution: Institution | null;
}
