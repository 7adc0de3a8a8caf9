import i18next from "i18next";
import { type MiddlewareFn, TelegramError } from "telegraf";
import { isDatabaseBusy, isDatabaseUnreachable } from "../app/deps.ts";
import type { SapatContext } from "../context.ts";
import { loggableError } from "../logger.ts";
import { languageFrom } from "../present/i18n.ts";

/**
 * A failing handler is logged and, once, answered politely; polling goes on. When Telegram
 * refused one of our calls (429 after retries, blocked, chat not found, …) an error reply
 * would most likely be refused too, so that is only logged: no cascade of replies. A
 * database kept busy by another writer (an import), or out of reach (PostgreSQL restarting),
 * gets its own "try again" answer.
 */
export const errorBoundary: MiddlewareFn<SapatContext> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const where = { update: ctx.update.update_id, chat: ctx.chat?.id };
    if (error instanceof TelegramError) {
      ctx.deps.logger.error({ ...where, ...loggableError(error) }, "telegram refused a call");
      // a press whose edit was refused (the message is gone or too old) still gets its
      // answer, or the button keeps spinning; the answer itself is not retried
      const method = (error.on as { method?: string } | undefined)?.method;
      if (ctx.callbackQuery && method !== "answerCallbackQuery" && error.code === 400)
        await ctx.answerCbQuery(ctx.t?.("bot.outdated") ?? "", { show_alert: true }).catch(() => undefined);
      return;
    }
    const why = isDatabaseBusy(error) ? "busy" : isDatabaseUnreachable(error) ? "unreachable" : "error";
    const logged = { busy: "database busy", unreachable: "database unreachable", error: "handler failed" }[why];
    ctx.deps.logger.error({ ...where, ...loggableError(error) }, logged);
    // before loadUser has run (or when it failed) there is no ctx.t: Telegram's language then
    const t = ctx.t ?? i18next.getFixedT(languageFrom(ctx.from?.language_code));
    const text = t(`bot.${why}`);
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
      else if (ctx.chat) await ctx.reply(text);
    } catch (replyError) {
      ctx.deps.logger.warn({ ...where, ...loggableError(replyError) }, "could not tell the user about the error");
    }
  }
};
