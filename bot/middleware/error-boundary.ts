import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";

/** A failing handler is logged and answered politely; polling goes on. */
export const errorBoundary: MiddlewareFn<SapatContext> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    ctx.deps.logger.error({ err: error, update: ctx.update.update_id }, "handler failed");
    const text = ctx.t ? ctx.t("bot.error") : "Error";
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
      else if (ctx.chat) await ctx.reply(text);
    } catch (replyError) {
      ctx.deps.logger.warn({ err: replyError }, "could not tell the user about the error");
    }
  }
};
