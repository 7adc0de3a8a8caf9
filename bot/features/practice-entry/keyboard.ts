// The practice entry's buttons: units, the four kinds (and the year), the summary's
// Confirm / Edit / Cancel. A count is typed: its question opens the reply field instead.
import { Markup } from "telegraf";
import type { ForceReply, InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { PRACTICE_KINDS } from "../../../core/index.ts";
import type { PracticeView } from "../../app/practice/practice-dialogue.ts";
import type { Wording } from "../../present/problem.ts";
import { encodePress } from "./callback-data.ts";
import { kindName } from "./text.ts";

export type Reply = { reply_markup: InlineKeyboardMarkup | ForceReply };

/** Buttons in rows of `n`. */
export function rows<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** The reply field opened with an example, so a phone shows the number pad's hint at once. */
export function typeIn(w: Wording, example: string): Reply {
  return { reply_markup: { force_reply: true, input_field_placeholder: w.t("entry.placeholder", { example }) } };
}

export function viewKeyboard(w: Wording, view: PracticeView): Reply {
  const { token } = view.state;
  const cancel = Markup.button.callback(w.t("entry.cancel"), encodePress(token, { op: "cancel" }));
  const inline = (buttons: InlineKeyboardButton[][]): Reply => ({ reply_markup: Markup.inlineKeyboard(buttons).reply_markup });
  switch (view.step) {
    case "unit":
      return inline([
        ...rows(
          view.units.map((u) => Markup.button.callback(u.code, encodePress(token, { op: "unit", unitId: u.id }))),
          3,
        ),
        [cancel],
      ]);
    case "kind": {
      const kinds = PRACTICE_KINDS.map((k) =>
        Markup.button.callback(kindName(w, k), encodePress(token, { op: "kind", kind: k })),
      );
      const years = view.years.map((y) =>
        Markup.button.callback(
          y === view.state.year ? w.t("entry.chosen", { value: y }) : y,
          encodePress(token, { op: "year", year: y }),
        ),
      );
      return inline([...rows(kinds, 2), ...(years.length ? [years] : []), [cancel]]);
    }
    case "assigned":
      return typeIn(w, "50");
    case "completed":
      return typeIn(w, String(view.state.assigned ?? 45));
    case "summary": {
      const sure = view.summary?.unusual ? "entry.sure" : "entry.confirm";
      return inline([
        [Markup.button.callback(w.t(sure), encodePress(token, { op: "confirm" }))],
        [Markup.button.callback(w.t("entry.edit"), encodePress(token, { op: "edit" })), cancel],
      ]);
    }
  }
}
