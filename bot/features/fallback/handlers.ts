// Whatever no feature answered — a sticker, a photo, a file, a voice message — gets a
// reply saying what the bot does understand, so nobody writes into silence.
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";

export function fallbackFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.on("message", async (ctx) => {
    const file = "document" in ctx.message;
    await ctx.reply(ctx.t(file ? "bot.fileNotHere" : "bot.notUnderstood"));
  });
  return composer;
}
