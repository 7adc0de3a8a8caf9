// The chart of a figures answer: debtors main vs after re-takes by unit, or achievement
// this year vs last. Drawn once per distinct picture and re-sent by Telegram's file id.
import { createHash } from "node:crypto";
import { needingAttention } from "../../../core/index.ts";
import type { FiguresAnswer } from "../../app/session/answer-figures.ts";
import { renderChart } from "../../io/chart-pool.ts";
import { type BarChartInput, labelled } from "../../io/charts.ts";
import { pct } from "../../present/format.ts";
import type { Wording } from "../../present/problem.ts";
import { periodText } from "../../present/session-table.ts";
import type { View } from "./callback-data.ts";

/** More bars than this are unreadable on a phone: the chart keeps the units that need attention most. */
export const CHART_MAX_GROUPS = 20;

export interface FiguresChart {
  kind: "debtors" | "absolute";
  input: BarChartInput;
  caption: string;
  /** the same key means the same picture: what the file-id cache is keyed by */
  key: string;
}

export function figuresChart(a: FiguresAnswer, view: View, w: Wording): FiguresChart {
  const { t, lng } = w;
  const { series, selection: s } = a;
  const debtors = view === "debtors";
  const order = needingAttention(series, debtors ? "debtors" : "absolute", CHART_MAX_GROUPS);
  const pick = (xs: (number | null)[]) => order.map((i) => xs[i] ?? null);
  const labels = order.map((i) => {
    const g = series.groups[i] as (typeof series.groups)[number];
    return g.form && s.form === "all" ? `${g.unit}, ${t(`common.form.${g.form}`)}` : g.unit;
  });
  const period = periodText(t, s);
  const form = s.form === "all" ? "" : `, ${t(`common.form.${s.form}`)}`;
  const shown =
    order.length < series.groups.length
      ? ` ${t(debtors ? "debtors.chartTop" : "stats.chartTop", { shown: order.length, all: series.groups.length })}`
      : "";
  const input: BarChartInput = debtors
    ? {
        title: `${t("debtors.chartTitle", { period: `${s.year}, ${t(`common.term.${s.term}`)}` })}${form}${shown}`,
        units: labels,
        series: [
          labelled(t("common.stage.main"), pick(series.debtorsMain), String),
          labelled(t("common.stage.after-retakes"), pick(series.debtorsAfter), String),
        ],
        yLabel: t("debtors.chartY"),
      }
    : {
        title: `${t("stats.chartTitle", { period })}${form}${shown}`,
        units: labels,
        series: [
          labelled(t("stats.thisYear", { year: s.year }), pick(series.absolute), (v) => pct(v, lng)),
          ...(series.lastYear
            ? [labelled(t("stats.thisYear", { year: series.lastYear }), pick(series.absoluteLastYear), (v) => pct(v, lng))]
            : []),
        ],
        yLabel: t("stats.chartY"),
      };
  const kind = debtors ? "debtors" : "absolute";
  // everything drawn (titles, labels, values and their texts) goes into the key
  const key = createHash("sha256")
    .update(JSON.stringify([kind, input]))
    .digest("base64url");
  return { kind, input, caption: `${period}${form}`, key };
}

/** Drawn in a worker thread, so a burst of charts does not hold up the answers' texts. */
export function renderFiguresChart(c: FiguresChart): Promise<Buffer> {
  return renderChart(c.kind, c.input);
}
