// The accreditation chart: one stacked bar per unit — valid / expiring / expired / never
// accredited — over every programme in the asker's scope (and level, when one is chosen).
import { createHash } from "node:crypto";
import { ACCREDITATION_STATUSES, formatDay } from "../../../core/index.ts";
import type { Registry } from "../../app/accreditation/accreditation-registry.ts";
import { renderChart } from "../../io/chart-pool.ts";
import type { BarChartInput } from "../../io/charts.ts";
import type { Wording } from "../../present/problem.ts";
import type { ChartReply } from "../charts/reply-chart.ts";
import { windowText } from "./text.ts";

/** More bars than this are unreadable on a phone: the units with most programmes are kept. */
const MAX_UNITS = 20;

export function accreditationChart(reg: Registry, w: Wording, unitName: string): ChartReply {
  const { t } = w;
  const byUnit = new Map<string, Record<string, number>>();
  for (const r of reg.rows) {
    const held = byUnit.get(r.programme.unit) ?? { valid: 0, expiring: 0, expired: 0, never: 0 };
    held[r.status] = (held[r.status] ?? 0) + 1;
    byUnit.set(r.programme.unit, held);
  }
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const all = [...byUnit.entries()];
  const shown = all.length > MAX_UNITS ? [...all].sort((a, b) => total(b[1]) - total(a[1])).slice(0, MAX_UNITS) : all;
  shown.sort((a, b) => a[0].localeCompare(b[0]));
  const within = windowText(reg.window, w);
  const input: BarChartInput = {
    title: t("accreditationBot.chartTitle", { unit: unitName, on: formatDay(reg.on) }),
    units: shown.map(([u]) => u),
    series: ACCREDITATION_STATUSES.map((s) => ({
      label: s === "expiring" ? `${t(`accreditationBot.status.${s}`)} (${within})` : t(`accreditationBot.status.${s}`),
      values: shown.map(([, c]) => c[s] ?? 0),
    })),
    yLabel: t("accreditationBot.chartY"),
  };
  const key = createHash("sha256")
    .update(JSON.stringify(["accreditation", input]))
    .digest("base64url");
  const cut = shown.length < all.length ? ` ${t("accreditationBot.chartTop", { shown: shown.length, all: all.length })}` : "";
  return {
    key,
    caption: `${t("accreditationBot.title", { unit: unitName, on: formatDay(reg.on) })}${cut}`,
    filename: "accreditation.png",
    render: () => renderChart("unitsStacked", input),
  };
}
