// A sentence instead of a command: "МТФ карызкорлор", "должники МТФ", "debtors MTF".
import { Composer } from "telegraf";
import { parseIntent, problem } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { sendAccreditation } from "../accreditation/handlers.ts";
import { namesFor, requestOf } from "../figures/command-args.ts";
import { sendFigures } from "../figures/reply.ts";
import { sendPractice } from "../practice/handlers.ts";

export function freeTextFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.on("text", async (ctx) => {
    if (!ctx.user) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
    const intent = parseIntent(ctx.message.text.slice(0, 500), await namesFor(ctx));
    // a unit alone is most often a debtors question; unknown words alone are not a question
    const kind = intent.kind ?? (intent.unit ? "debtors" : null);
    if (!kind) return void (await ctx.reply(ctx.t("bot.notUnderstood")));
    const request = requestOf(intent);
    if (kind === "accreditation")
      return sendAccreditation(ctx, {
        ...(request.unit ? { unit: request.unit } : {}),
        ...(intent.withinMonths ? { within: { months: intent.withinMonths } } : {}),
      });
    if (kind === "practice")
      return sendPractice(ctx, {
        ...(request.unit ? { unit: request.unit } : {}),
        ...(request.year ? { year: request.year } : {}),
      });
    await sendFigures(ctx, kind, request);
  });
  return composer;
}
