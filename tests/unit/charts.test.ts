import { describe, expect, it, vi } from "vitest";

// Counts renderer constructions: the module must reuse one (a renderer per chart leaks memory).
const constructed = vi.hoisted(() => ({ count: 0 }));
vi.mock("chartjs-node-canvas", async (importOriginal) => {
  const mod = await importOriginal<typeof import("chartjs-node-canvas")>();
  class CountingRenderer extends mod.ChartJSNodeCanvas {
    constructor(...args: ConstructorParameters<typeof mod.ChartJSNodeCanvas>) {
      super(...args);
      constructed.count++;
    }
  }
  return { ...mod, ChartJSNodeCanvas: CountingRenderer };
});

const { labelled, renderAbsoluteByUnit, renderDebtorsByUnit } = await import("../../bot/io/charts.ts");
const { renderStackedByCategory } = await import("../../bot/io/stacked-chart.ts");

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which PNG requires to come first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const units = ["МТФ", "ЭТИ", "УМКФ", "ТФ", "ЭФ", "ББПИ", "КГТИ", "ИЭФ"];
const comma = (v: number) => v.toFixed(1).replace(".", ",");

const absolute = {
  title: "Абсолюттук жетишкендик (кайра тапшыруудан кийин): 2019-2020 жана 2018-2019",
  units,
  series: [
    labelled("2019-2020 окуу жылы", [42.5, 61.0, 60.2, 65.3, 59.9, 57.4, 58.3, 67.6], (v) => `${comma(v)}%`),
    // a gap and a bar too tall for a label above it
    labelled("2018-2019 окуу жылы", [56.0, null, 57.9, 66.0, 98.5, 63.7, 60.1, 67.7], (v) => `${comma(v)}%`),
  ],
  yLabel: "%",
};

const debtors = {
  title: "Карызкорлор",
  units,
  series: [
    labelled("Негизги сессия", [610, 203, 274, 436, 434, 199, 512, 183], String),
    labelled("Кайра тапшыруудан кийин", [525, 152, 186, 287, 287, 124, 400, 0], String),
  ],
  yLabel: "Карызкорлордун саны (үлүшү өңүнөн)",
};

describe("charts", () => {
  it("renders absolute achievement by unit as an 800×500 PNG", async () => {
    expect(pngSize(await renderAbsoluteByUnit(absolute))).toEqual({ width: 800, height: 500 });
  });

  it("renders debtors by unit as an 800×500 PNG, with and without value labels", async () => {
    expect(pngSize(await renderDebtorsByUnit(debtors))).toEqual({ width: 800, height: 500 });
    expect(
      pngSize(await renderDebtorsByUnit({ ...debtors, series: debtors.series.map(({ label, values }) => ({ label, values })) })),
    ).toEqual({ width: 800, height: 500 });
  });

  it("renders 20 charts in a row with one renderer", async () => {
    const pngs: Buffer[] = [];
    for (let i = 0; i < 20; i++) pngs.push(await (i % 2 ? renderDebtorsByUnit(debtors) : renderAbsoluteByUnit(absolute)));
    for (const png of pngs) expect(pngSize(png)).toEqual({ width: 800, height: 500 });
    // the same input renders the same picture: no state leaks from chart to chart
    expect(pngs[0]?.equals(pngs[2] ?? Buffer.alloc(0))).toBe(true);
    expect(constructed.count).toBe(1);
  });

  it("rejects a series whose length does not match the units", async () => {
    await expect(renderDebtorsByUnit({ ...debtors, series: [{ label: "x", values: [1, 2] }] })).rejects.toThrow(RangeError);
  });

  it("renders a review's stacked bars per standard with the same renderer, and rejects a short series", async () => {
    const review = {
      title: "Стандарттар боюнча критерийлердин баалары",
      categories: ["1-стандарт", "2-стандарт", "3-стандарт"],
      series: [
        { label: "Ылайык келет", values: [6, 5, 0] },
        { label: "Жарым-жартылай ылайык келет", values: [2, 1, 0] },
        { label: "Ылайык келбейт", values: [0, 0, 1] },
      ],
      xLabel: "Критерийлер",
    };
    expect(pngSize(await renderStackedByCategory(review))).toEqual({ width: 800, height: 500 });
    expect(constructed.count).toBe(1);
    await expect(renderStackedByCategory({ ...review, series: [{ label: "x", values: [1] }] })).rejects.toThrow(RangeError);
  });
});
