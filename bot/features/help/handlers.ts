import { Composer } from "telegraf";
import { can, problem } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { mainMenu, menuLabels } from "../menu/keyboards.ts";

export function helpFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  const help = async (ctx: SapatContext) => {
    if (!ctx.access) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
    await ctx.reply(ctx.t(can(ctx.access, "viewFigures") ? "bot.help" : "bot.helpStudent"), mainMenu(ctx, ctx.access));
  };
  composer.help(help);
  composer.hears(menuLabels("help"), help);
  return composer;
}
