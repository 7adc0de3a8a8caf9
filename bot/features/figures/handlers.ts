// /debtors and /stats [unit], their menu buttons, and presses on their keyboards (stage,
// form, session, unit, chart, the other view): one feature, one use case (answerFigures).
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { CALLBACK_PATTERN, decode, VIEWS } from "./callback-data.ts";
import { commandUnit } from "./command-args.ts";
import { sendFigures, updateFigures } from "./reply.ts";

export function figuresFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  for (const view of VIEWS) {
    composer.command(view, async (ctx) => sendFigures(ctx, view, await commandUnit(ctx, ctx.payload)));
    composer.hears(menuLabels(view), (ctx) => sendFigures(ctx, view, {}));
  }
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const parsed = decode(ctx.match[0]);
    if (!parsed) return void (await ctx.answerCbQuery());
    await updateFigures(ctx, parsed.action, parsed.state);
  });
  return composer;
}
