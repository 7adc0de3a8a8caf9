// The inline keyboards of a figures answer: stage, form, session, unit, chart, other view.
// A button is offered only where pressing it leads to figures.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { defaultSelection, FORMS, STAGES, sessionsOf } from "../../../core/index.ts";
import type { FiguresAnswer, PublishedYearAnswer } from "../../app/session/answer-figures.ts";
import type { Wording } from "../../present/problem.ts";
import { type Action, encode, type View, type ViewState } from "./callback-data.ts";

/** At most this many sessions get a button (a phone row holds four). */
const SESSION_BUTTONS = 4;

const mark = (on: boolean, label: string) => (on ? `✓ ${label}` : label);

export function stateOf(a: FiguresAnswer, view: View): ViewState {
  const { unit: _unit, ...selection } = a.selection;
  return { ...selection, view, unitId: a.unitId, course: a.course ?? 0 };
}

const button = (text: string, state: ViewState, action: Action = "show"): InlineKeyboardButton => ({
  text,
  callback_data: encode(action, state),
});

/** A button per session with results, each opening its default stage (after re-takes where there is one). */
function sessionRow(a: Pick<FiguresAnswer, "periods">, s: ViewState, w: Wording, current?: ViewState) {
  const sessions = sessionsOf(a.periods, SESSION_BUTTONS);
  return sessions.map((p) => {
    const next = defaultSelection(a.periods, null, { ...p, form: s.form });
    const label = w.t("keyboard.period", { year: p.year, term: w.t(`common.term.${p.term}`) });
    const { unit: _unit, ...selection } = next ?? { ...s, unit: null };
    return button(mark(p.year === current?.year && p.term === current.term, label), { ...s, ...selection });
  });
}

export function figuresKeyboard(a: FiguresAnswer, view: View, w: Wording): InlineKeyboardMarkup {
  const { t } = w;
  const s = stateOf(a, view);
  const rows: InlineKeyboardButton[][] = [];
  const available = a.summary.available;
  const has = (stage: string, form: string) => available.some((x) => x.stage === stage && (form === "all" || x.form === form));
  const stages = STAGES.filter((st) => has(st, "all"));
  if (stages.length > 1)
    rows.push(
      // a stage without the form shown opens with all forms
      stages.map((st) =>
        button(mark(st === s.stage, t(`common.stage.${st}`)), { ...s, stage: st, form: has(st, s.form) ? s.form : "all" }),
      ),
    );
  const forms = FORMS.filter((f) => has(s.stage, f));
  if (forms.length > 1)
    rows.push(
      (["all", ...forms] as const).map((f) =>
        button(mark(f === s.form, f === "all" ? t("keyboard.allForms") : t(`common.form.${f}`)), { ...s, form: f }),
      ),
    );
  if (sessionsOf(a.periods, 2).length > 1) rows.push(sessionRow(a, s, w, s));
  const last: InlineKeyboardButton[] = [];
  if (a.units.length + (a.institutionWide ? 1 : 0) > 1)
    last.push(button(t("keyboard.unit", { unit: unitLabel(a, w) }), s, "units"));
  // the chart draws whole units: none for one course's figures
  if (!a.course && a.series.groups.length) last.push(button(t("keyboard.chart"), s, "chart"));
  if (last.length) rows.push(last);
  const other: View = view === "debtors" ? "stats" : "debtors";
  rows.push([button(t(view === "debtors" ? "keyboard.toStats" : "keyboard.toDebtors"), { ...s, view: other })]);
  return { inline_keyboard: rows };
}

/** A year with published figures only: buttons to the sessions that have results. */
export function publishedKeyboard(a: PublishedYearAnswer, view: View, w: Wording): InlineKeyboardMarkup | undefined {
  const [latest] = a.periods;
  if (!latest) return undefined;
  const s: ViewState = { ...latest, form: "all", view, unitId: a.unitId, course: 0 };
  return { inline_keyboard: [sessionRow(a, s, w)] };
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

export function unitLabel(a: Pick<FiguresAnswer, "selection">, w: Wording): string {
  return a.selection.unit ?? w.t("keyboard.institution");
}
