// /practice [unit]: practice completion per unit against last year (DOMAIN.md §4).
import { Composer } from "telegraf";
import { latestPracticeYear, practiceSummary, subtreeCodes } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { loadFigures } from "../../../prisma/store/published.ts";
import { authorize, isRefusal } from "../../app/access/authorize.ts";
import type { SapatContext } from "../../context.ts";
import { pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import { commandUnit } from "../figures/command-args.ts";
import { menuLabels } from "../menu/keyboards.ts";

export async function sendPractice(ctx: SapatContext, requested: string | undefined): Promise<void> {
  const allowed = authorize(ctx, requested);
  if (isRefusal(allowed)) return void (await ctx.reply(ctx.t(allowed.key, allowed.params)));
  if (!ctx.institution) return;
  const [figures, units] = await Promise.all([
    loadFigures(ctx.deps.db, ctx.institution.id, "practice"),
    listUnits(ctx.deps.db, ctx.institution.id),
  ]);
  const scope = allowed.unit === null ? undefined : subtreeCodes(units, allowed.unit);
  if (scope === null) return void (await ctx.reply(ctx.t("bot.unknownUnit", { unit: requested })));
  const rates = figures.map((f) => ({ unit: f.unit, year: f.year, rate: f.value }));
  const year = latestPracticeYear(rates);
  const summary = year ? practiceSummary(rates, year, scope) : null;
  if (!summary?.lines.length) return void (await ctx.reply(ctx.t("practice.none")));
  const { t, lng } = ctx;
  const lines = summary.lines.map((l) => {
    const last =
      l.rate.previous === null
        ? ""
        : ` ${t("practice.lastYear", { previous: pct(l.rate.previous, lng), pp: t("common.pp", { value: signed(l.rate.changePp, lng) }) })}`;
    return `${esc(t("practice.line", { unit: l.unit, rate: pct(l.rate.current, lng) }))}${esc(last)}`;
  });
  await ctx.reply([`<b>${esc(t("practice.title", { year: summary.year }))}</b>`, "", ...lines].join("\n"), {
    parse_mode: "HTML",
  });
}

export function practiceFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("practice", async (ctx) => sendPractice(ctx, (await commandUnit(ctx, ctx.payload)).unit));
  composer.hears(menuLabels("practice"), (ctx) => sendPractice(ctx, undefined));
  return composer;
}
