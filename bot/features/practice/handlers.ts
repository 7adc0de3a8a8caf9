// /practice [unit]: practice completion per unit against last year (DOMAIN.md §4).
import { Composer } from "telegraf";
import { answerPractice } from "../../app/practice/answer-practice.ts";
import type { SapatContext } from "../../context.ts";
import { pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import { problemText } from "../../present/problem.ts";
import { commandUnit } from "../figures/command-args.ts";
import { menuLabels } from "../menu/keyboards.ts";

export async function sendPractice(ctx: SapatContext, unit: string | undefined): Promise<void> {
  const a = await answerPractice(ctx.deps, ctx, unit === undefined ? {} : { unit });
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  const { t, lng } = ctx;
  const { year } = a.value;
  const lines = a.value.lines.map((l) => {
    const last =
      l.rate.previous === null
        ? ""
        : ` ${t("practice.lastYear", { previous: pct(l.rate.previous, lng), pp: t("common.pp", { value: signed(l.rate.changePp, lng) }) })}`;
    // units whose latest years differ: each line says its own
    const line = year
      ? t("practice.line", { unit: l.unit, rate: pct(l.rate.current, lng) })
      : t("practice.lineYear", { unit: l.unit, year: l.year, rate: pct(l.rate.current, lng) });
    return `${esc(line)}${esc(last)}`;
  });
  const title = year ? t("practice.title", { year }) : t("practice.titleLatest");
  await ctx.reply([`<b>${esc(title)}</b>`, "", ...lines].join("\n"), {
    parse_mode: "HTML",
  });
}

export function practiceFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("practice", async (ctx) => sendPractice(ctx, (await commandUnit(ctx, ctx.payload)).unit ?? undefined));
  composer.hears(menuLabels("practice"), (ctx) => sendPractice(ctx, undefined));
  return composer;
}
