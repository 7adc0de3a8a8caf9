// Stacked horizontal bars drawn by the one renderer of charts.ts: a review's criteria per
// standard, split by rating (meets / partially / does not meet), each count inside its segment.
import type { Chart, Plugin } from "chart.js";
import {
  type BarConfig,
  CHART_WIDTH,
  FONT_FAMILY,
  getRenderer,
  isLight,
  LEGEND_SIZE,
  TEXT_COLOR,
  TICK_SIZE,
  TITLE_SIZE,
  VALUE_SIZE,
  wrapText,
} from "./charts.ts";

/** Stacked horizontal bars: one bar per category (a standard), one segment per series (a rating). */
export interface StackedBarInput {
  title: string;
  categories: string[];
  /** in stacking order; each value a count, drawn inside its segment when it is not 0 */
  series: { label: string; values: number[] }[];
  xLabel: string;
}

// meets / partially / does not meet: green, amber, red, told apart by lightness too
const RATING_COLORS = ["#2a9d8f", "#e9c46a", "#c0392b"];

/** Each segment's count drawn in its middle, in a colour that reads on the segment. */
const segmentLabels: Plugin<"bar"> = {
  id: "sapatSegmentLabels",
  afterDatasetsDraw(chart: Chart<"bar">) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = `bold ${VALUE_SIZE}px "${FONT_FAMILY}"`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    chart.data.datasets.forEach((dataset, di) => {
      const meta = chart.getDatasetMeta(di);
      meta.data.forEach((el, i) => {
        const value = dataset.data[i];
        if (typeof value !== "number" || value === 0) return;
        const { x, y, base } = el.getProps(["x", "y", "base"], true) as { x: number; y: number; base: number };
        const text = String(value);
        if (ctx.measureText(text).width + 4 > Math.abs(x - base)) return;
        ctx.fillStyle = isLight(dataset.backgroundColor) ? TEXT_COLOR : "#ffffff";
        ctx.fillText(text, (x + base) / 2, y);
      });
    });
    ctx.restore();
  },
};

export async function renderStackedByCategory(input: StackedBarInput): Promise<Buffer> {
  const r = getRenderer();
  for (const s of input.series)
    if (s.values.length !== input.categories.length)
      throw new RangeError(`chart series "${s.label}" has ${s.values.length} values for ${input.categories.length} categories`);
  const titleFont = `bold ${TITLE_SIZE}px "${FONT_FAMILY}"`;
  const config: BarConfig = {
    type: "bar",
    data: {
      labels: input.categories,
      datasets: input.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: RATING_COLORS[i % RATING_COLORS.length],
        borderWidth: 0,
        categoryPercentage: 0.8,
        barPercentage: 0.9,
      })),
    },
    options: {
      indexAxis: "y",
      layout: { padding: { left: 8, right: 24, top: 8, bottom: 8 } },
      plugins: {
        title: {
          display: true,
          text: wrapText(r, input.title, titleFont, CHART_WIDTH - 40),
          font: { size: TITLE_SIZE, weight: "bold" },
          padding: { top: 4, bottom: 8 },
        },
        legend: { position: "top", labels: { font: { size: LEGEND_SIZE }, boxWidth: 18 } },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          stacked: true,
          beginAtZero: true,
          title: { display: true, text: input.xLabel, font: { size: TICK_SIZE } },
          ticks: { font: { size: TICK_SIZE }, precision: 0 },
        },
        y: { stacked: true, ticks: { font: { size: TICK_SIZE }, autoSkip: false }, grid: { display: false } },
      },
    },
    plugins: [segmentLabels],
  };
  return r.renderPng(config);
}
