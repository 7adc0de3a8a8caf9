// The bot's one chart renderer: already-computed, already-localized figures in, PNG out.
// No formulas and no i18n here — the caller passes the numbers and every text, formatted.
// The input is plain data, so a chart can be drawn in a worker thread (chart-pool.ts).
import { createRequire } from "node:module";
import type { Chart, ChartConfiguration, Plugin } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";

export interface BarSeries {
  /** Legend label, e.g. "2019-2020 окуу жылы". */
  label: string;
  /** One value per unit, in the order of `units`; null draws a gap (figure not computable). */
  values: (number | null)[];
  /** The text drawn above each bar ("65,0%" in ky/ru), already formatted; none when absent. */
  labels?: (string | null)[];
}

/** A series with the text above each bar, formatted as users write numbers. */
export function labelled(label: string, values: (number | null)[], format: (v: number) => string): BarSeries {
  return { label, values, labels: values.map((v) => (v === null ? null : format(v))) };
}

export interface BarChartInput {
  title: string;
  /** Category labels on the x axis, e.g. faculty abbreviations. */
  units: string[];
  series: BarSeries[];
  yLabel: string;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 500;

export const FONT_FAMILY = "DejaVu Sans";
export const TEXT_COLOR = "#222222";
export const TITLE_SIZE = 18;
export const LEGEND_SIZE = 15;
export const TICK_SIZE = 14;
export const VALUE_SIZE = 14;

// Colour-blind-safe pairs: the current/main series strong, the comparison one lighter.
const ABSOLUTE_COLORS = ["#1f5fa8", "#9bbfe6", "#2a9d8f", "#e9c46a"];
const DEBTOR_COLORS = ["#c0392b", "#f0a58f", "#7f8c8d", "#f4d03f"];
// Parts of a whole by state: good, soon, bad, none (blue/orange/red-brown/grey read apart without red–green).
const STATE_COLORS = ["#1f5fa8", "#e69f00", "#b03a2e", "#a6a6a6"];

export type BarConfig = ChartConfiguration<"bar", (number | null)[], string>;

// PNG settings: without adaptive filtering the encoder is ~10 ms faster per chart (26 → 16 ms
// measured) for ~25 % larger files (~19 KB); flat-colour charts gain little from filtering.
const PNG_OPTIONS = { compressionLevel: 6, filters: 8 /* canvas.PNG_FILTER_NONE */ } as const;

// Subclassed to reach the renderer's own canvas factory and Chart.js copy (protected members):
// titles are measured with the very font the charts are drawn with, and PNG options can be passed,
// which the public renderToBuffer does not allow.
class Renderer extends ChartJSNodeCanvas {
  private measureCtx: { font: string; measureText(text: string): { width: number } } | undefined;

  textWidth(text: string, font: string): number {
    this.measureCtx ??= this._createCanvas(1, 1).getContext("2d");
    this.measureCtx.font = font;
    return this.measureCtx.measureText(text).width;
  }

  /** What renderToBuffer does, plus PNG options. */
  renderPng(config: BarConfig): Promise<Buffer> {
    const canvas = this._createCanvas(this._width, this._height);
    config.options = { ...config.options, responsive: false, animation: false };
    // node-canvas's context stands in for the DOM one Chart.js is typed against
    const ctx = canvas.getContext("2d") as unknown as ConstructorParameters<typeof Chart>[0];
    const chart = new this._chartJs(ctx, config as ChartConfiguration);
    return new Promise((resolve, reject) => {
      // the callback form encodes off the main thread
      canvas.toBuffer(
        (err, png) => {
          // frees Chart.js's references to the chart; the canvas is then garbage
          chart.destroy();
          if (err) reject(err);
          else resolve(png);
        },
        "image/png",
        PNG_OPTIONS,
      );
    });
  }
}

// One renderer for the whole process: each ChartJSNodeCanvas loads a fresh Chart.js copy,
// and creating one per chart leaks memory (known chartjs-node-canvas issue).
let renderer: Renderer | undefined;

/** The shared renderer (other chart kinds, e.g. survey-charts.ts, draw with it too). */
export function getRenderer(): Renderer {
  if (renderer) return renderer;
  const r = new Renderer({
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    backgroundColour: "white",
    // The renderer holds its own Chart.js copy, so defaults must be set on that one, not on an import of chart.js.
    chartCallback: (ChartJS) => {
      ChartJS.defaults.font.family = FONT_FAMILY;
      ChartJS.defaults.font.size = TICK_SIZE;
      ChartJS.defaults.color = TEXT_COLOR;
    },
  });
  // Machines without system fonts draw every letter as a box; DejaVu Sans covers Cyrillic incl. Kyrgyz ү ө ң.
  // canvas requires fonts to be registered before its first canvas is created, i.e. right here.
  const require = createRequire(import.meta.url);
  r.registerFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), { family: FONT_FAMILY });
  r.registerFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"), { family: FONT_FAMILY, weight: "bold" });
  renderer = r;
  return r;
}

/** Splits text into lines no wider than maxWidth (words longer than a line stay whole). */
export function wrapText(r: Renderer, text: string, font: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && r.textWidth(candidate, font) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** True for a light "#rrggbb" colour (relative luminance above ~0.5), where white text would not read. */
export function isLight(color: unknown): boolean {
  const m = typeof color === "string" ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color) : null;
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h ?? "0", 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5;
}

/**
 * Draws each bar's value above it: horizontally when it fits the bar's width, otherwise
 * rotated; inside the bar's top (white) when there is no room above the bar.
 */
function valueLabels(input: BarChartInput): Plugin<"bar"> {
  return {
    id: "sapatValueLabels",
    afterDatasetsDraw(chart: Chart<"bar">) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = `${VALUE_SIZE}px "${FONT_FAMILY}"`;
      chart.data.datasets.forEach((dataset, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden) return;
        meta.data.forEach((el, i) => {
          const value = dataset.data[i];
          if (typeof value !== "number" || !Number.isFinite(value)) return;
          const { x, y, width } = el.getProps(["x", "y", "width"], true) as { x: number; y: number; width: number };
          const text = input.series[di]?.labels?.[i];
          if (!text) return;
          const textWidth = ctx.measureText(text).width;
          const pad = 3;
          if (textWidth <= width + 2 && y - chartArea.top >= VALUE_SIZE + pad) {
            ctx.fillStyle = TEXT_COLOR;
            ctx.textAlign = "center";
            ctx.textBaseline = "bottom";
            ctx.fillText(text, x, y - pad);
            return;
          }
          const roomAbove = y - chartArea.top >= textWidth + 2 * pad;
          ctx.save();
          ctx.translate(x, y);
          ctx.rotate(-Math.PI / 2);
          ctx.textBaseline = "middle";
          ctx.textAlign = roomAbove ? "left" : "right";
          // inside the bar the text sits on the bar's colour: pick whichever of dark/white reads on it
          ctx.fillStyle = roomAbove || isLight(dataset.backgroundColor) ? TEXT_COLOR : "#ffffff";
          ctx.fillText(text, roomAbove ? pad : -pad, 0);
          ctx.restore();
        });
      });
      ctx.restore();
    },
  };
}

interface BarOptions {
  colors: string[];
  /** one bar per unit, the series stacked in it (parts of a whole) */
  stacked?: boolean;
  /** Fixed y range (percent charts); otherwise Chart.js picks it, with headroom for the value labels. */
  yMax?: number;
  tickSuffix?: string;
}

function barConfig(r: Renderer, input: BarChartInput, opts: BarOptions): BarConfig {
  for (const s of input.series) {
    if (s.values.length !== input.units.length) {
      throw new RangeError(`chart series "${s.label}" has ${s.values.length} values for ${input.units.length} units`);
    }
  }
  const titleFont = `bold ${TITLE_SIZE}px "${FONT_FAMILY}"`;
  const suffix = opts.tickSuffix ?? "";
  return {
    type: "bar",
    data: {
      labels: input.units,
      datasets: input.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: opts.colors[i % opts.colors.length],
        borderWidth: 0,
        categoryPercentage: 0.85,
        barPercentage: 0.92,
      })),
    },
    options: {
      // A phone shows the 800 px image at roughly half size: keep every text at 14 px or more.
      layout: { padding: { left: 8, right: 16, top: 8, bottom: 8 } },
      plugins: {
        title: {
          display: true,
          // Long localized titles would be clipped at the edges; wrap them to the canvas width.
          text: wrapText(r, input.title, titleFont, CHART_WIDTH - 40),
          font: { size: TITLE_SIZE, weight: "bold" },
          padding: { top: 4, bottom: 8 },
        },
        legend: { position: "top", labels: { font: { size: LEGEND_SIZE }, boxWidth: 18 } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { stacked: opts.stacked ?? false, ticks: { font: { size: TICK_SIZE }, autoSkip: false }, grid: { display: false } },
        y: {
          stacked: opts.stacked ?? false,
          min: 0,
          ...(opts.yMax === undefined ? { grace: "12%" } : { max: opts.yMax }),
          beginAtZero: true,
          title: { display: true, text: input.yLabel, font: { size: TICK_SIZE } },
          ticks: {
            font: { size: TICK_SIZE },
            precision: 0,
            callback: (v) => `${v}${suffix}`,
          },
        },
      },
    },
    plugins: input.series.some((s) => s.labels) ? [valueLabels(input)] : [],
  };
}

/** Grouped bars of absolute achievement (%) per unit, e.g. this year vs last year; y axis 0–100 %. */
export async function renderAbsoluteByUnit(input: BarChartInput): Promise<Buffer> {
  const r = getRenderer();
  return r.renderPng(barConfig(r, input, { colors: ABSOLUTE_COLORS, yMax: 100, tickSuffix: "%" }));
}

/** Grouped bars of debtor counts per unit, e.g. main session vs after re-takes. */
export async function renderDebtorsByUnit(input: BarChartInput): Promise<Buffer> {
  const r = getRenderer();
  return r.renderPng(barConfig(r, input, { colors: DEBTOR_COLORS }));
}

/** Stacked bars of counts per unit (e.g. programmes valid / expiring / expired / never accredited). */
export async function renderStackedByUnit(input: BarChartInput): Promise<Buffer> {
  const r = getRenderer();
  return r.renderPng(barConfig(r, input, { colors: STATE_COLORS, stacked: true }));
}
