// /settings: which kinds of notices reach the user (switchNotice, noticeSettings); the
// toggles edit the same message in place. Strangers are asked for an invite.
import { Composer } from "telegraf";
import { problem } from "../../../core/index.ts";
import { noticeSettings, switchNotice } from "../../app/settings/notice-settings.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { editPressed } from "../edit-pressed.ts";
import { CALLBACK_PATTERN, decode } from "./callback-data.ts";
import { categoryName, settingsKeyboard, settingsText } from "./message.ts";

export function settingsFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("settings", async (ctx) => {
    if (!ctx.user) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
    const settings = await noticeSettings(ctx.deps, ctx.user);
    await ctx.reply(settingsText(settings, ctx), settingsKeyboard(settings, ctx));
  });
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    if (!ctx.user) return void (await ctx.answerCbQuery(problemText(problem("needInvite"), ctx)));
    const switched = await switchNotice(ctx.deps, ctx.user, press.category, press.on);
    // refused (a mandatory category, forged data): a short note, the message stays as it is
    if (!switched.ok) return void (await ctx.answerCbQuery(problemText(switched.problem, ctx)));
    const settings = switched.value;
    await editPressed(ctx, settingsText(settings, ctx), settingsKeyboard(settings, ctx));
    const name = categoryName(press.category, ctx);
    await ctx.answerCbQuery(ctx.t(press.on ? "settings.switchedOn" : "settings.switchedOff", { name }));
  });
  return composer;
}
