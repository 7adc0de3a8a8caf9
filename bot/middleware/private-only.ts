import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";

/** Whether an update in a group or channel is meant for the bot: a command, a mention, a reply to it. */
function addressesBot(ctx: SapatContext): boolean {
  const message = ctx.message ?? ctx.channelPost;
  if (!message) return false;
  const text = "text" in message ? message.text : "caption" in message ? (message.caption ?? "") : "";
  const entities = "text" in message ? message.entities : "caption" in message ? message.caption_entities : undefined;
  if (entities?.some((e) => e.type === "bot_command" && e.offset === 0)) return true;
  if (ctx.botInfo?.username && text.toLowerCase().includes(`@${ctx.botInfo.username.toLowerCase()}`)) return true;
  return "reply_to_message" in message && message.reply_to_message?.from?.id === ctx.botInfo?.id;
}

/**
 * Figures (and anything scoped to a user) are answered in private chats only: in a group
 * or channel everyone would read a dean's figures. There the bot says once, in one line and
 * without a keyboard, to write to it privately, and only when it is addressed; everything
 * else there is ignored. A press that comes from no chat at all is answered and goes no further.
 */
export const privateOnly: MiddlewareFn<SapatContext> = async (ctx, next) => {
  // a press with no chat (an inline message's, which this bot never sends): nothing to answer
  // in, and every feature replies in a chat; the button stops spinning
  if (!ctx.chat && ctx.callbackQuery) return void (await ctx.answerCbQuery());
  if (!ctx.chat || ctx.chat.type === "private") return next();
  const text = ctx.t("bot.privateOnly", { bot: ctx.botInfo?.username ?? "" });
  if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
  else if (addressesBot(ctx)) await ctx.reply(text);
};
