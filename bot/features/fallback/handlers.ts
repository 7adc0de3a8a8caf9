// Whatever no feature answered — a sticker, a photo, a voice message — gets a reply saying
// what the bot does understand, so nobody writes into silence (files: features/upload).
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";

export function fallbackFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.on("message", async (ctx) => {
    await ctx.reply(ctx.t("bot.notUnderstood"));
  });
  return composer;
}
