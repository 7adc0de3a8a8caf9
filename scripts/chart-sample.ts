// Writes sample charts with Kyrgyz labels to tmp/ to eyeball fonts and layout, and times the renderer.
// Run: npx tsx scripts/chart-sample.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BarChartInput, labelled, renderAbsoluteByUnit, renderDebtorsByUnit } from "../bot/io/charts.ts";
import { dec1, pct } from "../bot/present/format.ts";

const units = ["МТФ", "ЭТИ", "УМКФ", "ТФ", "ЭФ", "ББПИ", "КГТИ", "ИЭФ"];

const absolute: BarChartInput = {
  title: "Абсолюттук жетишкендик (кайра тапшыруудан кийин): 2019-2020 жана 2018-2019",
  units,
  series: [
    labelled("2019-2020 окуу жылы", [42.5, 61.0, 60.2, 65.3, 59.9, 57.4, 58.3, 67.6], (v) => dec1(v, "ky")),
    labelled("2018-2019 окуу жылы", [56.0, 70.2, 57.9, 66.0, 66.3, 63.7, 60.1, 67.7], (v) => dec1(v, "ky")),
  ],
  yLabel: "Абсолюттук жетишкендик, %",
};

const debtors: BarChartInput = {
  title: "Карызкорлор: негизги сессия жана кайра тапшыруудан кийин, 2019-2020 (күндүзгү бөлүм)",
  units,
  series: [
    labelled("Негизги сессия", [610, 203, 274, 436, 434, 199, 512, 183], (v) => String(v)),
    labelled("Кайра тапшыруудан кийин", [525, 152, 186, 287, 287, 124, 400, 124], (v) => String(v)),
  ],
  yLabel: "Карызкорлордун саны (үлүшү өңүнөн)",
};

const outDir = join(import.meta.dirname, "..", "tmp");
mkdirSync(outDir, { recursive: true });

let t = performance.now();
writeFileSync(join(outDir, "chart-sample-absolute.png"), await renderAbsoluteByUnit(absolute));
console.log(`first chart (incl. renderer start-up): ${(performance.now() - t).toFixed(0)} ms`);
writeFileSync(join(outDir, "chart-sample-debtors.png"), await renderDebtorsByUnit(debtors));

// a gap (null), a bar too tall for a label above it, and "%" in the labels: the other label paths
const withGap: BarChartInput = {
  ...absolute,
  series: [
    labelled("2019-2020 окуу жылы", [42.5, 61.0, 60.2, 65.3, 59.9, 57.4, 58.3, 67.6], (v) => pct(v, "ky")),
    labelled("2018-2019 окуу жылы", [56.0, null, 57.9, 66.0, 98.5, 63.7, 60.1, 67.7], (v) => pct(v, "ky")),
  ],
};
writeFileSync(join(outDir, "chart-sample-gap.png"), await renderAbsoluteByUnit(withGap));

const n = 20;
t = performance.now();
for (let i = 0; i < n; i++) {
  await (i % 2 ? renderDebtorsByUnit(debtors) : renderAbsoluteByUnit(absolute));
}
const ms = (performance.now() - t) / n;
console.log(`${n} charts: ${ms.toFixed(1)} ms per chart; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
console.log(`wrote ${outDir}/chart-sample-absolute.png, chart-sample-debtors.png, chart-sample-gap.png`);
