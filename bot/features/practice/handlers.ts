// /practice [unit] [year]: practice completion per unit against last year (DOMAIN.md §4).
import { Composer } from "telegraf";
import { reportPractice } from "../../app/practice/practice-report.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { commandUnit } from "../figures/command-args.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { practiceText } from "./text.ts";

export async function sendPractice(ctx: SapatContext, req: { unit?: string; year?: string }): Promise<void> {
  const a = await reportPractice(ctx.deps, ctx, req);
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  await ctx.reply(practiceText(a.value, ctx, ctx.institution?.code ?? ""), { parse_mode: "HTML" });
}

export function practiceFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("practice", async (ctx) => {
    const r = await commandUnit(ctx, ctx.payload);
    await sendPractice(ctx, { ...(r.unit ? { unit: r.unit } : {}), ...(r.year ? { year: r.year } : {}) });
  });
  composer.hears(menuLabels("practice"), (ctx) => sendPractice(ctx, {}));
  return composer;
}
