// The practice chart: completion by unit, this year against last (grouped bars, 0–100 %).
import { createHash } from "node:crypto";
import { type PracticeReport, previousYear } from "../../../core/index.ts";
import { renderChart } from "../../io/chart-pool.ts";
import { type BarChartInput, labelled } from "../../io/charts.ts";
import { pct } from "../../present/format.ts";
import type { Wording } from "../../present/problem.ts";
import type { ChartReply } from "../charts/reply-chart.ts";

/** More bars than this are unreadable on a phone: the lowest rates are kept. */
const MAX_UNITS = 20;

export function practiceChart(report: PracticeReport, w: Wording): ChartReply {
  const { t, lng } = w;
  const rows = report.rows.filter((r) => r.rate.current !== null || r.rate.previous !== null);
  const shown =
    rows.length > MAX_UNITS
      ? [...rows].sort((a, b) => (a.rate.current ?? 101) - (b.rate.current ?? 101)).slice(0, MAX_UNITS)
      : rows;
  const previous = previousYear(report.year) ?? "";
  const input: BarChartInput = {
    title: t("practice.chartTitle", { year: report.year }),
    units: shown.map((r) => r.unit ?? ""),
    series: [
      labelled(
        report.year,
        shown.map((r) => r.rate.current),
        (v) => pct(v, lng),
      ),
      labelled(
        previous,
        shown.map((r) => r.rate.previous),
        (v) => pct(v, lng),
      ),
    ],
    yLabel: t("practice.chartY"),
  };
  const key = createHash("sha256")
    .update(JSON.stringify(["practice", input]))
    .digest("base64url");
  const cut = shown.length < rows.length ? ` ${t("practice.chartTop", { shown: shown.length, all: rows.length })}` : "";
  return {
    key,
    caption: `${t("practice.title", { year: report.year })}${cut}`,
    filename: "practice.png",
    render: () => renderChart("absolute", input),
  };
}
