// A chart-drawing worker process (see chart-pool.ts). Plain JavaScript so Node can start it
// as it is: in the build (dist/bot/io/, next to charts.js) it loads the compiled renderer;
// next to the sources it loads the TypeScript through tsx, as scripts/sapat.mjs does.
import { existsSync } from "node:fs";

const built = existsSync(new URL("./charts.js", import.meta.url));
if (!built) (await import("tsx/esm/api")).register();
const ext = built ? "js" : "ts";
const { renderAbsoluteByUnit, renderDebtorsByUnit, renderStackedByUnit } = await import(`./charts.${ext}`);
const { renderStackedByCategory } = await import(`./stacked-chart.${ext}`);

/** @param {{ kind: "debtors" | "absolute" | "stacked" | "unitsStacked", input: any }} task */
export default async function draw({ kind, input }) {
  if (kind === "stacked") return renderStackedByCategory(input);
  if (kind === "unitsStacked") return renderStackedByUnit(input);
  return kind === "debtors" ? renderDebtorsByUnit(input) : renderAbsoluteByUnit(input);
}
