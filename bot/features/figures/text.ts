// The words of a figures answer (HTML): per form the chosen stage, the other stage, the
// change from re-takes, courses, debts and last year; the total and the methodology.
// Figures come computed from the use case; this module only words them.
import type { FormSummary } from "../../../core/index.ts";
import type { FiguresAnswer } from "../../app/session/answer-figures.ts";
import { int, pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import type { Wording } from "../../present/problem.ts";
import { methodologyText, periodText } from "../../present/session-table.ts";
import type { View } from "./callback-data.ts";
import { unitLabel } from "./keyboard.ts";

function formLines(view: View, f: FormSummary, w: Wording): string[] {
  const { t, lng } = w;
  const m = f.current;
  const form = `<b>${esc(capitalize(t(`common.form.${f.form}`)))}</b>`;
  const pp = (v: number | null) => t("common.pp", { value: signed(v, lng) });
  const lines: string[] = [];
  if (view === "debtors") {
    lines.push(t("debtors.form", { form, debtors: int(m.debtors), share: pct(m.debtorShare, lng), enrolled: int(m.enrolled) }));
    if (f.other)
      lines.push(
        `  ${t("debtors.otherStage", { stage: capitalize(t(`common.stage.${f.other.stage}`)), debtors: int(f.other.metrics.debtors), share: pct(f.other.metrics.debtorShare, lng) })}`,
      );
    if (f.retakeChange) {
      const change = { debtors: signedInt(f.retakeChange.debtors), pp: pp(f.retakeChange.sharePp) };
      const units = f.retakeChange.units;
      lines.push(
        `  ${capitalize(units ? t("debtors.retakeChangeUnits", { ...change, units: esc(units.join(", ")) }) : t("debtors.retakeChange", change))}`,
      );
    }
    if (f.byCourse.length) {
      const published = f.byCourse.every((c) => c.published);
      const list = f.byCourse
        .map((c) =>
          t("debtors.course", {
            course: c.course,
            value: published ? pct(c.absolute, lng) : `${int(c.debtors)} (${pct(c.debtorShare, lng)})`,
          }),
        )
        .join(", ");
      lines.push(`  ${t(published ? "debtors.byCoursePublished" : "debtors.byCourse", { list })}`);
    }
    if (f.byDebts) lines.push(`  ${t("debtors.byDebts", f.byDebts)}`);
    const ly = f.lastYear;
    if (ly?.source === "counts" && ly.debtors && ly.debtorShare)
      lines.push(
        `  ${t("debtors.lastYearCounts", { year: ly.year, previous: ly.debtors.previous, previousShare: pct(ly.debtorShare.previous, lng), pp: pp(ly.debtorShare.changePp) })}`,
      );
    else if (ly)
      lines.push(
        `  ${t("debtors.lastYearPublished", { year: ly.year, previous: pct(ly.absolute.previous, lng), current: pct(ly.absolute.current, lng), pp: pp(ly.absolute.changePp) })}`,
      );
    return lines;
  }
  lines.push(
    t(m.quality === null ? "stats.formNoQuality" : "stats.form", {
      form,
      absolute: pct(m.absolute, lng),
      quality: pct(m.quality, lng),
      debtors: int(m.debtors),
      share: pct(m.debtorShare, lng),
      admission: pct(m.admissionRate, lng),
    }),
  );
  if (f.other)
    lines.push(
      `  ${t("stats.otherStage", { stage: capitalize(t(`common.stage.${f.other.stage}`)), absolute: pct(f.other.metrics.absolute, lng) })}`,
    );
  if (f.lastYear)
    lines.push(
      `  ${t("stats.lastYear", {
        year: f.lastYear.year,
        published: f.lastYear.source === "published" ? t("stats.published") : "",
        previous: pct(f.lastYear.absolute.previous, lng),
        current: pct(f.lastYear.absolute.current, lng),
        pp: pp(f.lastYear.absolute.changePp),
      })}`,
    );
  return lines;
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

function signedInt(v: number | null): string {
  return v === null ? "—" : v > 0 ? `+${v}` : v < 0 ? `−${-v}` : "0";
}

export function figuresText(a: FiguresAnswer, view: View, w: Wording): string {
  const { t, lng } = w;
  const { summary, selection: s } = a;
  const lines = [`<b>${esc(capitalize(t(`${view}.title`, { unit: unitLabel(a, w) })))}</b>`, esc(periodText(t, s)), ""];
  if (!summary.forms.length) lines.push(esc(t("bot.noDataFor", { period: periodText(t, s) })));
  for (const f of summary.forms) lines.push(...formLines(view, f, w));
  if (summary.total) {
    const m = summary.total;
    lines.push(
      "",
      view === "debtors"
        ? t("debtors.total", { debtors: int(m.debtors), share: pct(m.debtorShare, lng) })
        : t("stats.total", { absolute: pct(m.absolute, lng), debtors: int(m.debtors), share: pct(m.debtorShare, lng) }),
    );
  }
  lines.push("", `<i>${esc(methodologyText(t, summary))}</i>`);
  return lines.join("\n");
}
