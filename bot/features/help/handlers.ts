import { Composer } from "telegraf";
import { can } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { mainMenu, menuLabels } from "../menu/keyboards.ts";

export function helpFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  const help = async (ctx: SapatContext) => {
    if (!ctx.access) return void (await ctx.reply(ctx.t("bot.needInvite")));
    await ctx.reply(ctx.t(can(ctx.access, "viewFigures") ? "bot.help" : "bot.helpStudent"), mainMenu(ctx, ctx.access));
  };
  composer.help(help);
  composer.hears(menuLabels("help"), help);
  return composer;
}
