// The words of a figures answer (HTML): per form the chosen stage, the other stage, the
// change from re-takes, courses, debts and last year; the total and the methodology; and
// what the figures leave out or disagree with: rows not in the total, published figures
// that differ from the recomputed ones, comparisons over fewer units.
// Figures come computed from the use case; this module only words them.
import type { Flag, FormSummary } from "../../../core/index.ts";
import type { FiguresAnswer } from "../../app/session/answer-figures.ts";
import { int, pct, signed } from "../../present/format.ts";
import { esc } from "../../present/html.ts";
import { problemText, type Wording } from "../../present/problem.ts";
import { methodologyText, periodText } from "../../present/session-table.ts";
import type { View } from "./callback-data.ts";
import { unitLabel } from "./keyboard.ts";

export function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

function signedInt(v: number | null): string {
  return v === null ? "—" : v > 0 ? `+${v}` : v < 0 ? `−${-v}` : "0";
}

const formLabel = (f: FormSummary, w: Wording) => `<b>${esc(capitalize(w.t(`common.form.${f.form}`)))}</b>`;
const pp = (v: number | null, w: Wording) => w.t("common.pp", { value: signed(v, w.lng) });
const list = (units: readonly string[]) => esc(units.join(", "));

function debtorLines(f: FormSummary, w: Wording): string[] {
  const { t, lng } = w;
  const m = f.current;
  const lines = [
    t("debtors.form", {
      form: formLabel(f, w),
      debtors: int(m.debtors),
      share: pct(m.debtorShare, lng),
      enrolled: int(m.enrolled),
    }),
  ];
  if (f.other) {
    const o = {
      stage: capitalize(t(`common.stage.${f.other.stage}`)),
      debtors: int(f.other.metrics.debtors),
      share: pct(f.other.metrics.debtorShare, lng),
    };
    lines.push(
      `  ${f.other.units ? t("debtors.otherStageUnits", { ...o, units: list(f.other.units) }) : t("debtors.otherStage", o)}`,
    );
  }
  if (f.retakeChange) {
    const change = { debtors: signedInt(f.retakeChange.debtors), pp: pp(f.retakeChange.sharePp, w) };
    const units = f.retakeChange.units;
    lines.push(
      `  ${capitalize(units ? t("debtors.retakeChangeUnits", { ...change, units: list(units) }) : t("debtors.retakeChange", change))}`,
    );
  }
  if (f.byCourse.length) {
    const published = f.byCourse.every((c) => c.published);
    const courses = f.byCourse
      .map((c) =>
        t("debtors.course", {
          course: c.course,
          value: published ? pct(c.absolute, lng) : `${int(c.debtors)} (${pct(c.debtorShare, lng)})`,
        }),
      )
      .join(", ");
    const only = f.courseUnits ? ` ${t("figures.onlyUnits", { units: list(f.courseUnits) })}` : "";
    lines.push(`  ${t(published ? "debtors.byCoursePublished" : "debtors.byCourse", { list: courses })}${only}`);
  }
  if (f.byDebts) lines.push(`  ${t("debtors.byDebts", f.byDebts)}`);
  const ly = f.lastYear;
  if (ly?.source === "counts" && ly.debtors && ly.debtorShare) {
    const p = {
      year: ly.year,
      previous: ly.debtors.previous,
      previousShare: pct(ly.debtorShare.previous, lng),
      pp: pp(ly.debtorShare.changePp, w),
    };
    lines.push(
      `  ${ly.units ? t("debtors.lastYearCountsUnits", { ...p, units: list(ly.units) }) : t("debtors.lastYearCounts", p)}`,
    );
  } else if (ly?.source === "published")
    lines.push(
      `  ${t("debtors.lastYearPublished", { year: ly.year, previous: pct(ly.absolute.previous, lng), current: pct(ly.absolute.current, lng), pp: pp(ly.absolute.changePp, w) })}`,
    );
  return lines;
}

function statsLines(f: FormSummary, w: Wording): string[] {
  const { t, lng } = w;
  const m = f.current;
  const lines = [
    t(m.quality === null ? "stats.formNoQuality" : "stats.form", {
      form: formLabel(f, w),
      absolute: pct(m.absolute, lng),
      quality: pct(m.quality, lng),
      debtors: int(m.debtors),
      share: pct(m.debtorShare, lng),
      admission: pct(m.admissionRate, lng),
    }),
  ];
  if (f.other) {
    const o = { stage: capitalize(t(`common.stage.${f.other.stage}`)), absolute: pct(f.other.metrics.absolute, lng) };
    lines.push(
      `  ${f.other.units ? t("stats.otherStageUnits", { ...o, units: list(f.other.units) }) : t("stats.otherStage", o)}`,
    );
  }
  const ly = f.lastYear;
  if (ly) {
    const p = {
      year: ly.year,
      published: ly.source === "published" ? t("stats.published") : "",
      previous: pct(ly.absolute.previous, lng),
      current: pct(ly.absolute.current, lng),
      pp: pp(ly.absolute.changePp, w),
    };
    lines.push(`  ${ly.units ? t("stats.lastYearUnits", { ...p, units: list(ly.units) }) : t("stats.lastYear", p)}`);
  }
  return lines;
}

/** One course of one form: its counts where the report gives them, else its published percentage, else that there is none. */
function courseLine(view: View, f: FormSummary, course: number, w: Wording): string {
  const { t, lng } = w;
  const c = f.byCourse.find((x) => x.course === course);
  const form = formLabel(f, w);
  if (!c) return t("figures.courseMissing", { form });
  const only = f.courseUnits ? ` ${t("figures.onlyUnits", { units: list(f.courseUnits) })}` : "";
  if (c.published)
    return `${t(view === "debtors" ? "figures.courseDebtorsPublished" : "figures.courseStatsPublished", { form, absolute: pct(c.absolute, lng) })}${only}`;
  const p = { form, debtors: int(c.debtors), share: pct(c.debtorShare, lng), absolute: pct(c.absolute, lng) };
  return `${t(view === "debtors" ? "figures.courseDebtors" : "figures.courseStats", p)}${only}`;
}

const warn = (w: Wording, key: string, params: Record<string, unknown>) => `⚠ ${w.t(key, params)}`;

/** Published figures that do not add up, in one line: all of them for one unit, else which units have them. */
function flagsLine(flags: readonly Flag[], w: Wording): string | null {
  if (!flags.length) return null;
  const units = [...new Set(flags.map((f) => f.unit ?? ""))];
  if (units.length > 1) return warn(w, "figures.flagsUnits", { count: flags.length, units: list(units) });
  const byForm = new Map<string, string[]>();
  for (const f of flags) {
    const key = f.form ? w.t(`common.form.${f.form}`) : "";
    byForm.set(key, [...(byForm.get(key) ?? []), problemText(f, w)]);
  }
  const parts = [...byForm].map(([form, texts]) => (form ? `${form}: ${texts.join("; ")}` : texts.join("; ")));
  return warn(w, "figures.flagsUnit", { unit: esc(units[0] ?? ""), list: esc(parts.join("; ")) });
}

export function figuresText(a: FiguresAnswer, view: View, w: Wording): string {
  const { t, lng } = w;
  const { summary, selection: s, course } = a;
  const unit = unitLabel(a, w);
  const title = course ? t("figures.courseTitle", { title: t(`${view}.title`, { unit }), course }) : t(`${view}.title`, { unit });
  const lines = [`<b>${esc(capitalize(title))}</b>`, esc(periodText(t, s)), ""];
  if (!summary.forms.length) lines.push(esc(t("bot.noDataFor", { period: periodText(t, s) })));
  for (const f of summary.forms)
    if (course) lines.push(courseLine(view, f, course, w));
    else lines.push(...(view === "debtors" ? debtorLines(f, w) : statsLines(f, w)));
  if (summary.total && !course) {
    const m = summary.total;
    lines.push(
      "",
      view === "debtors"
        ? t("debtors.total", { debtors: int(m.debtors), share: pct(m.debtorShare, lng) })
        : t("stats.total", { absolute: pct(m.absolute, lng), debtors: int(m.debtors), share: pct(m.debtorShare, lng) }),
    );
  }
  const rows = summary.notCounted.map((r) => `${r.unit} (${t(`common.form.${r.form}`)})`);
  const notes = [
    rows.length ? esc(t(summary.query.units ? "figures.notCountedHere" : "figures.notCounted", { rows: rows.join(", ") })) : null,
    flagsLine(summary.flags, w),
  ].filter((x): x is string => x !== null);
  if (notes.length) lines.push("", ...notes);
  lines.push("", `<i>${esc(methodologyText(t, summary))}</i>`);
  return lines.join("\n");
}
