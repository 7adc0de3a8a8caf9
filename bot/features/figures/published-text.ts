// A year with no session results, worded: which years have results, and the percentages the
// reports published for the year asked (no counts behind them, so nothing recomputed).
import { STAGES } from "../../../core/index.ts";
import type { PublishedYearAnswer } from "../../app/session/answer-figures.ts";
import { pct } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import type { Wording } from "../../present/problem.ts";
import type { View } from "./callback-data.ts";
import { capitalize } from "./text.ts";

const stageOrder = (stage: string) => (STAGES as readonly string[]).indexOf(stage);

export function publishedYearText(a: PublishedYearAnswer, view: View, w: Wording): string {
  const { t, lng } = w;
  const unit = a.unit ?? t("keyboard.institution");
  const years = [...new Set(a.periods.map((p) => p.year))];
  const lines = [`<b>${esc(capitalize(t(`${view}.title`, { unit })))}</b>`, ""];
  lines.push(esc(t("figures.noResultsYear", { year: a.year, years: years.join(", ") || "—" })));
  if (view === "debtors") lines.push(esc(t("figures.noDebtorsPublished", { year: a.year })));
  // one block per term and form the figures are for, one line per unit with its stages
  const groups = new Map<string, typeof a.figures>();
  for (const f of a.figures) groups.set(`${f.term}|${f.form}`, [...(groups.get(`${f.term}|${f.form}`) ?? []), f]);
  for (const [key, figures] of groups) {
    const [term, form] = key.split("|");
    const what = [term ? t("figures.term", { term: t(`common.term.${term}`) }) : "", t(`common.form.${form || "all"}`)].filter(
      Boolean,
    );
    lines.push("", esc(t("figures.publishedHeader", { year: a.year, what: what.join(", ") })));
    const units = [...new Set(figures.map((f) => f.unit))];
    for (const u of units) {
      const own = figures.filter((f) => f.unit === u).sort((x, y) => stageOrder(x.stage) - stageOrder(y.stage));
      const values = own.map((f) => (f.stage ? `${t(`common.stage.${f.stage}`)} ${pct(f.value, lng)}` : pct(f.value, lng)));
      lines.push(esc(`${u}: ${values.join(", ")}`));
    }
  }
  lines.push("", `<i>${esc(t("figures.publishedNote"))}</i>`);
  return lines.join("\n");
}
