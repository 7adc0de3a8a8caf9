// The debtors and achievement answers: text, inline keyboard and chart for one selection.
// Figures come from core/session-summary.ts; this module only words and lays them out.
import type { TFunction } from "i18next";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import {
  type Access,
  effectiveScope,
  type FormSummary,
  needingAttention,
  type SessionSummary,
  STAGES,
  type SummaryQuery,
  sessionSummary,
  unitSeries,
} from "../../../core/index.ts";
import { type FiguresData, pickableUnits, unitsOf } from "../../app/session/answer-figures.ts";
import { renderAbsoluteByUnit, renderDebtorsByUnit } from "../../io/charts.ts";
import { int, pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import type { Language } from "../../present/i18n.ts";
import { methodologyText, periodText } from "../../present/session-table.ts";
import { encode, type View, type ViewState } from "./callback-data.ts";

export interface Wording {
  t: TFunction;
  lng: Language;
}

/** The latest year and term with data, after re-takes where that stage exists. */
export function defaultState(
  data: FiguresData,
  view: View,
  unitId: number,
  wish: { stage?: ViewState["stage"]; form?: ViewState["form"]; year?: string } = {},
): ViewState | null {
  const periods = wish.year ? data.periods.filter((p) => p.year === wish.year) : data.periods;
  const latest = periods[0];
  if (!latest) return null;
  const stages = periods.filter((p) => p.year === latest.year && p.term === latest.term).map((p) => p.stage);
  const stage =
    wish.stage && stages.includes(wish.stage) ? wish.stage : stages.includes("after-retakes") ? "after-retakes" : latest.stage;
  return { view, unitId, stage, form: wish.form ?? "all", year: latest.year, term: latest.term };
}

export function queryOf(data: FiguresData, s: ViewState): SummaryQuery {
  const units = unitsOf(data, s.unitId);
  return {
    year: s.year,
    term: s.term,
    stage: s.stage,
    ...(s.form === "all" ? {} : { form: s.form }),
    ...(units ? { units } : {}),
  };
}

export function unitLabel(data: FiguresData, s: ViewState, w: Wording): string {
  return s.unitId === 0 ? w.t("keyboard.institution") : (data.units.find((u) => u.id === s.unitId)?.code ?? "?");
}

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

export function summaryText(data: FiguresData, s: ViewState, summary: SessionSummary, w: Wording): string {
  const { t, lng } = w;
  const lines = [`<b>${esc(capitalize(t(`${s.view}.title`, { unit: unitLabel(data, s, w) })))}</b>`, esc(periodText(t, s)), ""];
  if (!summary.forms.length) lines.push(esc(t("bot.noDataFor", { period: periodText(t, s) })));
  for (const f of summary.forms) lines.push(...formLines(s.view, f, w));
  if (summary.total) {
    const m = summary.total;
    lines.push(
      "",
      s.view === "debtors"
        ? t("debtors.total", { debtors: int(m.debtors), share: pct(m.debtorShare, lng) })
        : t("stats.total", { absolute: pct(m.absolute, lng), debtors: int(m.debtors), share: pct(m.debtorShare, lng) }),
    );
  }
  lines.push("", `<i>${esc(methodologyText(t, summary))}</i>`);
  return lines.join("\n");
}

const mark = (on: boolean, label: string) => (on ? `✓ ${label}` : label);

export function viewKeyboard(data: FiguresData, s: ViewState, access: Access, w: Wording): InlineKeyboardMarkup {
  const { t } = w;
  const btn = (text: string, state: ViewState, action: "show" | "units" | "chart" = "show"): InlineKeyboardButton => ({
    text,
    callback_data: encode(action, state),
  });
  const stages = STAGES.filter((st) => data.periods.some((p) => p.year === s.year && p.term === s.term && p.stage === st));
  const rows: InlineKeyboardButton[][] = [];
  if (stages.length > 1) rows.push(stages.map((st) => btn(mark(st === s.stage, t(`common.stage.${st}`)), { ...s, stage: st })));
  rows.push(
    (["all", "full-time", "part-time"] as const).map((f) =>
      btn(mark(f === s.form, f === "all" ? t("keyboard.allForms") : t(`common.form.${f}`)), { ...s, form: f }),
    ),
  );
  const periods = [...new Map(data.periods.map((p) => [`${p.year}|${p.term}`, p])).values()].slice(0, 4);
  if (periods.length > 1)
    rows.push(
      periods.map((p) =>
        btn(
          mark(p.year === s.year && p.term === s.term, t("keyboard.period", { year: p.year, term: t(`common.term.${p.term}`) })),
          defaultState(
            { ...data, periods: data.periods.filter((x) => x.year === p.year && x.term === p.term) },
            s.view,
            s.unitId,
            {
              stage: s.stage,
              form: s.form,
            },
          ) ?? s,
        ),
      ),
    );
  const choices = pickableUnits(data, access).length + (effectiveScope(access).kind === "institution" ? 1 : 0);
  const last: InlineKeyboardButton[] = [];
  if (choices > 1) last.push(btn(t("keyboard.unit", { unit: unitLabel(data, s, w) }), s, "units"));
  last.push(btn(t("keyboard.chart"), s, "chart"));
  rows.push(last);
  rows.push([
    btn(t(s.view === "debtors" ? "keyboard.toStats" : "keyboard.toDebtors"), {
      ...s,
      view: s.view === "debtors" ? "stats" : "debtors",
    }),
  ]);
  return { inline_keyboard: rows };
}

export function unitPicker(
  data: FiguresData,
  s: ViewState,
  access: Access,
  w: Wording,
): { text: string; keyboard: InlineKeyboardMarkup } {
  const options: { id: number; label: string }[] = [];
  if (effectiveScope(access).kind === "institution") options.push({ id: 0, label: w.t("keyboard.institution") });
  for (const u of pickableUnits(data, access)) options.push({ id: u.id, label: u.code });
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < options.length; i += 3)
    rows.push(
      options
        .slice(i, i + 3)
        .map((o) => ({ text: mark(o.id === s.unitId, o.label), callback_data: encode("show", { ...s, unitId: o.id }) })),
    );
  rows.push([{ text: w.t("keyboard.back"), callback_data: encode("show", s) }]);
  return { text: esc(w.t("keyboard.chooseUnit")), keyboard: { inline_keyboard: rows } };
}

export function viewMessage(
  data: FiguresData,
  s: ViewState,
  access: Access,
  w: Wording,
): { text: string; keyboard: InlineKeyboardMarkup } {
  const summary = sessionSummary(data.results, data.published, queryOf(data, s), data.methodology);
  return { text: summaryText(data, s, summary, w), keyboard: viewKeyboard(data, s, access, w) };
}

/** More bars than this are unreadable on a phone: the chart keeps the units that need attention most. */
export const CHART_MAX_GROUPS = 20;

/**
 * Debtors: main vs after re-takes by unit; achievement: this year vs last by unit. With
 * many units, the chart shows the most debtors / the lowest achievement first.
 */
export async function viewChart(data: FiguresData, s: ViewState, w: Wording): Promise<{ png: Buffer; caption: string }> {
  const { t, lng } = w;
  const series = unitSeries(data.results, data.published, queryOf(data, s), data.methodology);
  const debtors = s.view === "debtors";
  const order = needingAttention(series, debtors ? "debtors" : "absolute", CHART_MAX_GROUPS);
  const pick = (xs: (number | null)[]) => order.map((i) => xs[i] ?? null);
  const labels = order.map((i) => {
    const g = series.groups[i] as (typeof series.groups)[number];
    return g.form && s.form === "all" ? `${g.unit}, ${t(`common.form.${g.form}`)}` : g.unit;
  });
  const period = periodText(t, s);
  const form = s.form === "all" ? "" : `, ${t(`common.form.${s.form}`)}`;
  const shown =
    order.length < series.groups.length
      ? ` ${t(debtors ? "debtors.chartTop" : "stats.chartTop", { shown: order.length, all: series.groups.length })}`
      : "";
  const caption = `${period}${form}`;
  if (debtors) {
    const png = await renderDebtorsByUnit({
      title: `${t("debtors.chartTitle", { period: `${s.year}, ${t(`common.term.${s.term}`)}` })}${form}${shown}`,
      units: labels,
      series: [
        { label: t("common.stage.main"), values: pick(series.debtorsMain) },
        { label: t("common.stage.after-retakes"), values: pick(series.debtorsAfter) },
      ],
      yLabel: t("debtors.chartY"),
      formatValue: (v) => String(v),
    });
    return { png, caption };
  }
  const png = await renderAbsoluteByUnit({
    title: `${t("stats.chartTitle", { period })}${form}${shown}`,
    units: labels,
    series: [
      { label: t("stats.thisYear", { year: s.year }), values: pick(series.absolute) },
      ...(series.lastYear
        ? [{ label: t("stats.thisYear", { year: series.lastYear }), values: pick(series.absoluteLastYear) }]
        : []),
    ],
    yLabel: t("stats.chartY"),
    formatValue: (v) => pct(v, lng),
  });
  return { png, caption };
}
