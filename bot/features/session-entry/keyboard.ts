// The session entry's buttons: units, the session card (year, term, stage, form, course, each
// with the choice marked), the summary's Confirm / Edit / Cancel. Counts are typed: their
// question opens the reply field.
import { Markup } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import { FORMS, STAGES, TERMS } from "../../../core/index.ts";
import type { SessionPress, SessionView } from "../../app/session/session-dialogue.ts";
import type { Wording } from "../../present/problem.ts";
import { type Reply, rows, typeIn } from "../practice-entry/keyboard.ts";
import { encodePress } from "./callback-data.ts";

const COURSES = [0, 1, 2, 3, 4, 5, 6] as const;

function periodRows(w: Wording, view: SessionView, button: (label: string, press: SessionPress) => InlineKeyboardButton) {
  const s = view.state;
  const mark = (chosen: boolean, label: string) => (chosen ? w.t("entry.chosen", { value: label }) : label);
  return [
    view.years.map((y) => button(mark(y === s.year, y), { op: "year", year: y })),
    TERMS.map((t) => button(mark(t === s.term, w.t(`common.term.${t}`)), { op: "term", term: t })),
    STAGES.map((st) => button(mark(st === s.stage, w.t(`common.stage.${st}`)), { op: "stage", stage: st })),
    FORMS.map((f) => button(mark(f === s.form, w.t(`common.form.${f}`)), { op: "form", form: f })),
    COURSES.map((c) =>
      button(mark(c === s.course, c ? String(c) : w.t("entry.session.allCoursesButton")), { op: "course", course: c }),
    ),
    [button(w.t("entry.next"), { op: "next" })],
  ];
}

export function viewKeyboard(w: Wording, view: SessionView): Reply {
  const { token } = view.state;
  const button = (label: string, press: SessionPress) => Markup.button.callback(label, encodePress(token, press));
  const cancel = button(w.t("entry.cancel"), { op: "cancel" });
  const inline = (buttons: InlineKeyboardButton[][]): Reply => ({ reply_markup: Markup.inlineKeyboard(buttons).reply_markup });
  switch (view.step) {
    case "unit":
      return inline([
        ...rows(
          view.units.map((u) => button(u.code, { op: "unit", unitId: u.id })),
          3,
        ),
        [cancel],
      ]);
    case "period":
      return inline([...periodRows(w, view, button), [cancel]]);
    case "counts":
      return typeIn(w, view.state.cursor === 0 ? "120 110 4 6 80" : "80");
    case "summary":
      return inline([[button(w.t("entry.confirm"), { op: "confirm" })], [button(w.t("entry.edit"), { op: "edit" }), cancel]]);
  }
}
