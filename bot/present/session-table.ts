// The published table layout as aligned plain text (CLI and console).
import type { TFunction } from "i18next";
import type { Metrics, SessionReport } from "../../core/index.ts";
import { describeMethodology } from "../../core/index.ts";
import { flagText } from "./flags.ts";
import { dec1, int } from "./format.ts";
import type { Language } from "./i18n.ts";
import { alignColumns } from "./table.ts";

const COLUMNS = ["unit", "form", "enrolled", "admitted", "passedAll", "absolute", "quality", "debtors", "debtorShare"] as const;

export function periodText(t: TFunction, s: { year: string; term: string; stage: string }): string {
  return t("common.period", { year: s.year, term: t(`common.term.${s.term}`), stage: t(`common.stage.${s.stage}`) });
}

export function methodologyText(t: TFunction, report: Pick<SessionReport, "methodology">): string {
  const d = describeMethodology(report.methodology);
  return t("common.methodology", { base: t(`common.base.${d.base}`), debtors: t(`common.debtorsDef.${d.debtors}`) });
}

function cells(m: Metrics, lng: Language): string[] {
  return [
    int(m.enrolled),
    int(m.admitted),
    int(m.passedAll),
    dec1(m.absolute, lng),
    dec1(m.quality, lng),
    int(m.debtors),
    dec1(m.debtorShare, lng),
  ];
}

export function sessionTable(report: SessionReport, t: TFunction, lng: Language): string {
  const s = report.selection;
  const lines = [t("report.title", { period: periodText(t, s), form: t(`common.form.${s.form ?? "all"}`) })];
  if (!report.rows.length) return [...lines, t("report.noData")].join("\n");
  const table: string[][] = [COLUMNS.map((c) => t(`report.columns.${c}`))];
  for (const r of report.rows)
    table.push([r.countedInTotal ? r.unit : `${r.unit} *`, t(`common.form.${r.form}`), ...cells(r, lng)]);
  table.push([t("common.total"), "", ...cells(report.total, lng)]);
  // unit and form left, figures right
  const aligned = alignColumns(table, (i) => i >= 2);
  lines.push("", ...aligned.lines.slice(0, -1), "-".repeat(aligned.width), aligned.lines.at(-1) as string);
  if (report.rows.some((r) => !r.countedInTotal)) lines.push(`* ${t("report.notCounted")}`);
  lines.push("", methodologyText(t, report), "");
  if (!report.flags.length) lines.push(t("report.noFlags"));
  else
    lines.push(
      t("report.flagsTitle", { count: report.flags.length }),
      ...report.flags.map((f) => `- ${flagText(f, { t, lng })}`),
    );
  return lines.join("\n");
}
