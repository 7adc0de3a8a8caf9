// The practice report as a plain-text table (the CLI), one line per unit and the total line,
// with where each rate comes from.
import type { TFunction } from "i18next";
import { type PracticeReport, type PracticeRow, totalIsRow } from "../../core/index.ts";
import { int, pct, signed } from "./format.ts";
import type { Language } from "./i18n.ts";
import { alignColumns } from "./table.ts";

export function practiceTable(report: PracticeReport, t: TFunction, lng: Language, institution: string): string {
  const cells = (r: PracticeRow, name: string) => [
    name,
    int(r.assigned),
    int(r.completed),
    pct(r.rate.current, lng),
    pct(r.rate.previous, lng),
    signed(r.rate.changePp, lng),
    r.source ? t(`report.practice.source.${r.source}`) : "—",
  ];
  const head = ["unit", "assigned", "completed", "rate", "previousRate", "changePp", "source"].map((c) =>
    t(`report.practice.column.${c}`),
  );
  const body = report.rows.map((r) => cells(r, r.unit ?? institution));
  const total = cells(report.total, t("practice.total", { unit: report.unit ?? institution }));
  // a unit with nothing below it: its one row is its total
  const own = totalIsRow(report);
  const { lines, width } = alignColumns(own ? [head, ...body] : [head, ...body, total], (c) => c > 0 && c < 6);
  const rule = "─".repeat(width);
  const foot = own ? [] : [rule, lines.at(-1)];
  return [t("practice.title", { year: report.year }), "", lines[0], rule, ...lines.slice(1, own ? undefined : -1), ...foot].join(
    "\n",
  );
}
