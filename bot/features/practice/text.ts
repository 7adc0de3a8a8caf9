// The practice report as a chat message: each unit's rate against last year, counts where
// they were entered, and the total line saying whether it is a sum of counts or as printed.
import { type PracticeReport, type PracticeRow, totalIsRow } from "../../../core/index.ts";
import { pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import { problemText, type Wording } from "../../present/problem.ts";

function rowText(r: PracticeRow, name: string, w: Wording): string {
  const { t, lng } = w;
  const counts =
    r.source === "entered" && r.assigned !== null
      ? ` ${t("practice.counts", { completed: r.completed, assigned: r.assigned })}`
      : "";
  const last =
    r.rate.previous === null
      ? ""
      : ` ${t("practice.lastYear", {
          // last year as printed beside this year's counts: marked too
          previous: `${pct(r.rate.previous, lng)}${r.previousSource === "published" && r.source !== "published" ? "*" : ""}`,
          pp: r.rate.changePp === null ? "" : `, ${t("common.pp", { value: signed(r.rate.changePp, lng) })}`,
        })}`;
  const mark = r.source === "published" ? " *" : "";
  return esc(`${t("practice.line", { unit: name, rate: pct(r.rate.current, lng) })}${mark}${counts}${last}`);
}

export function practiceText(report: PracticeReport, w: Wording, institutionName: string): string {
  const { t } = w;
  const lines = report.rows.map((r) => rowText(r, r.unit ?? institutionName, w));
  const total = report.total;
  const totalName = t("practice.total", { unit: report.unit ?? institutionName });
  const out = [`<b>${esc(t("practice.title", { year: report.year }))}</b>`, "", ...lines];
  if (!totalIsRow(report) && (total.rate.current !== null || total.rate.previous !== null)) {
    out.push("", `<b>${rowText(total, totalName, w)}</b>`);
    out.push(esc(t(total.source === "published" ? "practice.totalPublished" : "practice.totalSum")));
  }
  const marked = [...report.rows, total].some((r) => r.source === "published" || r.previousSource === "published");
  if (marked) out.push(esc(t("practice.publishedMark")));
  for (const f of report.flags) out.push(`⚠️ ${esc(problemText(f, w))}`);
  return out.join("\n");
}
