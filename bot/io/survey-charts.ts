// One survey question's answers as horizontal bars, in scale order top to bottom ("эң жакшы"
// first), each labelled with its share and count. Texts come in already localized.
import type { Chart, ChartConfiguration, Plugin } from "chart.js";
import { CHART_WIDTH, getRenderer, wrapText } from "./charts.ts";

export interface ShareChartInput {
  title: string;
  /** the options, in the order drawn from the top */
  labels: string[];
  /** percent of those who answered, one per label */
  values: number[];
  /** the text at each bar's end, e.g. "34,0% (34)" */
  valueLabels: string[];
  axis: string;
}

const FONT = "DejaVu Sans";
const COLORS = ["#1f5fa8", "#3d7cc4", "#7aa6d8", "#e59866", "#c0392b"];
const TEXT = "#222222";

function endLabels(input: ShareChartInput): Plugin<"bar"> {
  return {
    id: "sapatShareLabels",
    afterDatasetsDraw(chart: Chart<"bar">) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `14px "${FONT}"`;
      ctx.fillStyle = TEXT;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      chart.getDatasetMeta(0).data.forEach((el, i) => {
        const { x, y } = el.getProps(["x", "y"], true) as { x: number; y: number };
        const text = input.valueLabels[i];
        if (text) ctx.fillText(text, x + 6, y);
      });
      ctx.restore();
    },
  };
}

/** Bars of 0–100 %; five options or fewer get the scale's colours (best blue … worst red), more get one colour. */
export async function renderShareBars(input: ShareChartInput): Promise<Buffer> {
  const r = getRenderer();
  const colors = input.labels.length === COLORS.length ? COLORS : input.labels.map(() => COLORS[0] as string);
  // Chart.js draws an array label as lines
  const labels = input.labels.map((l) => wrapText(r, l, `14px "${FONT}"`, 220)) as unknown as string[];
  const config: ChartConfiguration<"bar", (number | null)[], string> = {
    type: "bar",
    data: {
      // long options wrap onto several lines beside their bar
      labels,
      datasets: [{ label: input.axis, data: input.values, backgroundColor: colors, borderWidth: 0, barPercentage: 0.8 }],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { left: 8, right: 24, top: 8, bottom: 8 } },
      plugins: {
        title: {
          display: true,
          text: wrapText(r, input.title, `bold 18px "${FONT}"`, CHART_WIDTH - 40),
          font: { size: 18, weight: "bold" },
        },
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        // room right of the longest bar for its label
        x: {
          min: 0,
          max: 120,
          title: { display: true, text: input.axis, font: { size: 14 } },
          ticks: { font: { size: 14 }, stepSize: 20, callback: (v) => (Number(v) <= 100 ? `${v}%` : "") },
          grid: { color: (c: { tick?: { value: number } }) => (c.tick && c.tick.value > 100 ? "transparent" : "#e5e5e5") },
        },
        y: { ticks: { font: { size: 14 }, autoSkip: false }, grid: { display: false } },
      },
    },
    plugins: [endLabels(input)],
  };
  return r.renderPng(config);
}
