// /lang: the user's language, stored; Telegram's language_code until one is chosen.
import { Composer } from "telegraf";
import { problem } from "../../../core/index.ts";
import { chooseLanguage } from "../../app/access/preferences.ts";
import type { SapatContext } from "../../context.ts";
import { setLanguage } from "../../middleware/user.ts";
import { isLanguage } from "../../present/i18n.ts";
import { problemText } from "../../present/problem.ts";
import { helpText } from "../help/handlers.ts";
import { registerChatCommands } from "../menu/commands.ts";
import { languageKeyboard, mainMenu, menuLabels } from "../menu/keyboards.ts";

export function languageFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  const ask = (ctx: SapatContext) => ctx.reply(ctx.t("bot.language.choose"), languageKeyboard());
  composer.command("lang", ask);
  composer.hears(menuLabels("language"), ask);
  composer.action(/^lang:(\w+)$/, async (ctx) => {
    const lng = ctx.match[1];
    if (!isLanguage(lng)) {
      await ctx.answerCbQuery();
      return;
    }
    if (ctx.user) await chooseLanguage(ctx.deps.db, ctx.user.id, lng);
    setLanguage(ctx, lng);
    await ctx.answerCbQuery();
    // the language buttons are on a text message; a press carrying their data from a photo gets a new message
    const pressed = ctx.callbackQuery.message;
    if (pressed && "text" in pressed) await ctx.editMessageText(ctx.t("bot.language.set"));
    else await ctx.reply(ctx.t("bot.language.set"));
    await ctx.reply(
      ctx.access ? helpText(ctx, ctx.access) : problemText(problem("needInvite"), ctx),
      ctx.user ? mainMenu(ctx, ctx.access) : undefined,
    );
    if (ctx.access && ctx.chat) await registerChatCommands(ctx.telegram, ctx.chat.id, ctx.access.role, lng);
  });
  return composer;
}
