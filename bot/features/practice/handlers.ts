// /practice [unit] [year]: practice completion per unit against last year (DOMAIN.md §4);
// /practice <kind> <completed>/<assigned> [year] enters a figure (features/practice-entry).
import { Composer } from "telegraf";
import { parsePracticeLine } from "../../../core/index.ts";
import { reportPractice } from "../../app/practice/practice-report.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { replyWithChart } from "../charts/reply-chart.ts";
import { commandUnit } from "../figures/command-args.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { startFromLine } from "../practice-entry/handlers.ts";
import { CHART_DATA, decodeChart, encodeChart } from "./callback-data.ts";
import { practiceChart } from "./chart.ts";
import { practiceText } from "./text.ts";

export async function sendPractice(ctx: SapatContext, req: { unit?: string; year?: string }): Promise<void> {
  const a = await reportPractice(ctx.deps, ctx, req);
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  // a chart of one bar group says nothing a line does not
  const chart =
    a.value.rows.length > 1
      ? {
          reply_markup: {
            inline_keyboard: [[{ text: ctx.t("keyboard.chart"), callback_data: encodeChart(a.value.year, a.value.unitId) }]],
          },
        }
      : {};
  await ctx.reply(practiceText(a.value, ctx, ctx.institution?.code ?? ""), { parse_mode: "HTML", ...chart });
}

async function sendPracticeChart(ctx: SapatContext, data: string): Promise<void> {
  const req = decodeChart(data);
  if (!req) return void (await ctx.answerCbQuery());
  const a = await reportPractice(ctx.deps, ctx, {
    year: req.year,
    ...(req.unitId === null ? { unit: null } : { unitId: req.unitId }),
  });
  await ctx.answerCbQuery();
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  await replyWithChart(ctx, practiceChart(a.value, ctx));
}

export function practiceFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("practice", async (ctx) => {
    // "/practice production 45/50 [year]" is an entry; anything else asks for the report
    const line = parsePracticeLine(ctx.payload.slice(0, 200));
    if (line) return startFromLine(ctx, line);
    const r = await commandUnit(ctx, ctx.payload);
    await sendPractice(ctx, { ...(r.unit ? { unit: r.unit } : {}), ...(r.year ? { year: r.year } : {}) });
  });
  composer.hears(menuLabels("practice"), (ctx) => sendPractice(ctx, {}));
  composer.action(CHART_DATA, (ctx) => sendPracticeChart(ctx, "data" in ctx.callbackQuery ? ctx.callbackQuery.data : ""));
  return composer;
}
