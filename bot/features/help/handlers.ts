import { Composer } from "telegraf";
import { type Access, can, canAnnounce, problem } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { mainMenu, menuLabels } from "../menu/keyboards.ts";

/** The help of a role: with /announce for those who may send announcements, /submit for those who enter figures, without figures for students. */
export function helpText(ctx: SapatContext, access: Access): string {
  // those who type figures in also get /submit and /history
  const entry = can(access, "enterFigures") ? `\n\n${ctx.t("bot.helpEntry")}` : "";
  const accreditation = can(access, "viewFigures") ? `\n\n${ctx.t("accreditationBot.help")}` : "";
  if (canAnnounce(access)) return `${ctx.t("bot.helpSender")}\n\n${ctx.t("bot.helpQuality")}${entry}${accreditation}`;
  return ctx.t(can(access, "viewFigures") ? "bot.help" : "bot.helpStudent") + entry + accreditation;
}

export function helpFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  const help = async (ctx: SapatContext) => {
    if (!ctx.access) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
    await ctx.reply(helpText(ctx, ctx.access), mainMenu(ctx, ctx.access));
  };
  composer.help(help);
  composer.hears(menuLabels("help"), help);
  return composer;
}
