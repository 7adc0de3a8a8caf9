import i18next from "i18next";
import type { MiddlewareFn } from "telegraf";
import { detectLanguage } from "../../core/index.ts";
import { identify } from "../app/access/identify.ts";
import { chatMemberChanged, reachableAgain } from "../app/delivery/reachability.ts";
import type { SapatContext } from "../context.ts";
import { isLanguage, languageFrom } from "../present/i18n.ts";

/** Loads the bound user, their access and institution, and their language. */
export const loadUser: MiddlewareFn<SapatContext> = async (ctx, next) => {
  Object.assign(ctx, await identify(ctx.deps.db, ctx.from ? String(ctx.from.id) : undefined));
  setLanguage(ctx, ctx.user?.language);
  const member = ctx.myChatMember;
  if (member && member.chat.type === "private") {
    // blocking and unblocking the bot arrive as the bot's own membership in the private chat
    await chatMemberChanged(ctx.deps, String(member.from.id), member.new_chat_member.status === "kicked");
    return;
  }
  // only a private chat says the bot can write to them again: a message in a group does not undo a block
  if (ctx.user && ctx.chat?.type === "private") await reachableAgain(ctx.deps, ctx.user);
  await next();
};

/**
 * What a user wrote, for the language of the answer: a message (not a command: "/start
 * code" says nothing), or for a button the message it belongs to, so a Russian answer's
 * buttons keep it Russian.
 */
function writtenText(ctx: SapatContext): string | undefined {
  const message = ctx.message && "text" in ctx.message ? ctx.message.text : undefined;
  if (message !== undefined) return message.startsWith("/") ? undefined : message;
  const pressed = ctx.callbackQuery?.message;
  return pressed && "text" in pressed ? pressed.text : undefined;
}

/** The chosen language, else (for a user) the language the message is written in, else Telegram's language_code. */
export function setLanguage(ctx: SapatContext, stored: string | null | undefined): void {
  const text = ctx.user && !isLanguage(stored) ? writtenText(ctx) : undefined;
  const detected = text ? detectLanguage(text.slice(0, 500)) : null;
  ctx.lng = isLanguage(stored) ? stored : (detected ?? languageFrom(ctx.from?.language_code));
  // createBot awaits initI18n() before any update arrives
  ctx.t = i18next.getFixedT(ctx.lng);
}
