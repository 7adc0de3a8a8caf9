// The inline keyboards of a figures answer: stage, form, session, unit, chart, other view.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { defaultSelection, sessionsOf, stagesOf } from "../../../core/index.ts";
import type { FiguresAnswer } from "../../app/session/answer-figures.ts";
import type { Wording } from "../../present/problem.ts";
import { type Action, encode, type View, type ViewState } from "./callback-data.ts";

/** At most this many sessions get a button (a phone row holds four). */
const SESSION_BUTTONS = 4;

const mark = (on: boolean, label: string) => (on ? `✓ ${label}` : label);

export function stateOf(a: FiguresAnswer, view: View): ViewState {
  const { unit: _unit, ...selection } = a.selection;
  return { ...selection, view, unitId: a.unitId };
}

const button = (text: string, state: ViewState, action: Action = "show"): InlineKeyboardButton => ({
  text,
  callback_data: encode(action, state),
});

export function figuresKeyboard(a: FiguresAnswer, view: View, w: Wording): InlineKeyboardMarkup {
  const { t } = w;
  const s = stateOf(a, view);
  const rows: InlineKeyboardButton[][] = [];
  const stages = stagesOf(a.periods, s);
  if (stages.length > 1)
    rows.push(stages.map((st) => button(mark(st === s.stage, t(`common.stage.${st}`)), { ...s, stage: st })));
  rows.push(
    (["all", "full-time", "part-time"] as const).map((f) =>
      button(mark(f === s.form, f === "all" ? t("keyboard.allForms") : t(`common.form.${f}`)), { ...s, form: f }),
    ),
  );
  const sessions = sessionsOf(a.periods, SESSION_BUTTONS);
  if (sessions.length > 1)
    rows.push(
      sessions.map((p) => {
        const next = defaultSelection(a.periods, null, { ...p, stage: s.stage, form: s.form });
        const label = t("keyboard.period", { year: p.year, term: t(`common.term.${p.term}`) });
        return button(mark(p.year === s.year && p.term === s.term, label), next ? { ...s, ...next, unitId: s.unitId } : s);
      }),
    );
  const last: InlineKeyboardButton[] = [];
  if (a.units.length + (a.institutionWide ? 1 : 0) > 1)
    last.push(button(t("keyboard.unit", { unit: unitLabel(a, w) }), s, "units"));
  last.push(button(t("keyboard.chart"), s, "chart"));
  rows.push(last);
  const other: View = view === "debtors" ? "stats" : "debtors";
  rows.push([button(t(view === "debtors" ? "keyboard.toStats" : "keyboard.toDebtors"), { ...s, view: other })]);
  return { inline_keyboard: rows };
}

export function unitPicker(a: FiguresAnswer, view: View, w: Wording): { text: string; keyboard: InlineKeyboardMarkup } {
  const s = stateOf(a, view);
  const options = [...(a.institutionWide ? [{ id: 0, code: w.t("keyboard.institution") }] : []), ...a.units];
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < options.length; i += 3)
    rows.push(options.slice(i, i + 3).map((o) => button(mark(o.id === s.unitId, o.code), { ...s, unitId: o.id })));
  rows.push([button(w.t("keyboard.back"), s)]);
  return { text: w.t("keyboard.chooseUnit"), keyboard: { inline_keyboard: rows } };
}

export function unitLabel(a: FiguresAnswer, w: Wording): string {
  return a.selection.unit ?? w.t("keyboard.institution");
}
