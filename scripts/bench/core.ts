// The core and the chart renderer on a large synthetic institution (part of npm run bench).
// A synthetic institution: 100 units × 2 forms × 6 courses × 2 stages × 10 years.
import { renderDebtorsByUnit } from "../../bot/io/charts.ts";
import { DEFAULT_METHODOLOGY, sessionReport, sessionSummary, unitSeries } from "../../core/index.ts";
import { syntheticResults } from "./synthetic.ts";

function time<T>(label: string, runs: number, fn: () => T): T {
  fn();
  const start = performance.now();
  let out: T = fn();
  for (let i = 1; i < runs; i++) out = fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms`);
  return out;
}

export async function benchCore(): Promise<void> {
  const results = syntheticResults({
    years: Array.from({ length: 10 }, (_, i) => 2010 + i),
    units: Array.from({ length: 100 }, (_, u) => `U${u}`),
    kindOf: (_unit, u) => (u % 10 === 0 ? "institute" : "faculty"),
  });
  console.log(`${results.length} results`);
  const q = { year: "2019-2020", term: "spring" as const, stage: "after-retakes" as const };
  time("sessionReport, whole institution", 20, () => sessionReport(results, q, DEFAULT_METHODOLOGY));
  time("sessionSummary, whole institution (rector's /debtors)", 20, () => sessionSummary(results, [], q, DEFAULT_METHODOLOGY));
  time("sessionSummary, one unit (dean's /debtors)", 20, () =>
    sessionSummary(results, [], { ...q, units: ["U7"] }, DEFAULT_METHODOLOGY),
  );
  const series = time("unitSeries, 100 units (chart data)", 5, () => unitSeries(results, [], q, DEFAULT_METHODOLOGY));
  const chart = { title: "bench", units: series.groups.slice(0, 20).map((g) => g.unit), yLabel: "n" };
  const values = (xs: (number | null)[]) => xs.slice(0, 20);
  await time("warm-up: first chart", 1, () =>
    renderDebtorsByUnit({ ...chart, series: [{ label: "a", values: values(series.debtorsMain) }] }),
  );
  const t0 = performance.now();
  for (let i = 0; i < 20; i++)
    await renderDebtorsByUnit({
      ...chart,
      series: [
        { label: "main", values: values(series.debtorsMain) },
        { label: "after", values: values(series.debtorsAfter) },
      ],
    });
  console.log(
    `${"renderDebtorsByUnit, 20 units, 2 series".padEnd(58)} ${((performance.now() - t0) / 20).toFixed(2).padStart(9)} ms`,
  );
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await benchCore();
