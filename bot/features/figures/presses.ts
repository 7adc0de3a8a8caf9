// Presses on the figures keyboards (stage, form, year, unit, chart, other view).
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";
import { CALLBACK_PATTERN, decode } from "./callback-data.ts";
import { updateFigures } from "./reply.ts";

export function figuresKeyboardFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const parsed = decode(ctx.match[0]);
    if (!parsed) return void (await ctx.answerCbQuery());
    await updateFigures(ctx, parsed.action, parsed.state);
  });
  return composer;
}
