import { type MiddlewareFn, TelegramError } from "telegraf";
import type { SapatContext } from "../context.ts";

/**
 * A refused Bot API call as it may be logged. Not `err` itself: telegraf puts the call's
 * whole payload (the message text, i.e. the figures) on `err.on`.
 */
export function telegramFailure(error: TelegramError): Record<string, unknown> {
  const on = (error.on ?? {}) as { method?: unknown; payload?: { chat_id?: unknown } };
  return {
    method: on.method,
    code: error.code,
    description: error.description,
    ...(on.payload?.chat_id !== undefined ? { chat: on.payload.chat_id } : {}),
    ...(error.parameters?.retry_after !== undefined ? { retryAfter: error.parameters.retry_after } : {}),
  };
}

/** Log fields for any error: a Telegram one reduced, anything else as pino's `err`. */
export function loggableError(error: unknown): Record<string, unknown> {
  return error instanceof TelegramError ? { telegram: telegramFailure(error) } : { err: error };
}

/**
 * A failing handler is logged and, once, answered politely; polling goes on. When Telegram
 * refused one of our calls (429 after retries, blocked, chat not found, …) an error reply
 * would most likely be refused too, so that is only logged: no cascade of replies.
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
    ctx.deps.logger.error({ ...where, ...loggableError(error) }, "handler failed");
    const text = ctx.t ? ctx.t("bot.error") : "Error";
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
      else if (ctx.chat) await ctx.reply(text);
    } catch (replyError) {
      ctx.deps.logger.warn({ ...where, ...loggableError(replyError) }, "could not tell the user about the error");
    }
  }
};
