// A chart-drawing worker thread (see chart-pool.ts). Plain JavaScript so Node can start it
// without a build; it loads the TypeScript renderer through tsx, as scripts/sapat.mjs does.
import { register } from "tsx/esm/api";

register();
const { renderAbsoluteByUnit, renderDebtorsByUnit, renderStackedByUnit } = await import("./charts.ts");
const { renderStackedByCategory } = await import("./stacked-chart.ts");

/** @param {{ kind: "debtors" | "absolute" | "stacked" | "unitsStacked", input: any }} task */
export default async function draw({ kind, input }) {
  if (kind === "stacked") return renderStackedByCategory(input);
  if (kind === "unitsStacked") return renderStackedByUnit(input);
  return kind === "debtors" ? renderDebtorsByUnit(input) : renderAbsoluteByUnit(input);
}
