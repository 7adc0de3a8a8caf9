// /announce in words and buttons: the prompts, the audience buttons of the sender's scope,
// the preview with its count, and its buttons.
import { Markup } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import type { Access } from "../../../core/index.ts";
import { type AudienceChoice, audienceChoices, type DraftPreview } from "../../app/delivery/announcement-draft.ts";
import { MAX_TEXT } from "../../app/delivery/message.ts";
import type { SapatContext } from "../../context.ts";
import { audienceSentence } from "../../present/delivery.ts";
import { encode } from "./callback-data.ts";

type Wording = Pick<SapatContext, "t" | "lng">;
type Keyboard = Markup.Markup<InlineKeyboardMarkup>;

const cancelButton = (w: Wording, draftId: number): InlineKeyboardButton =>
  Markup.button.callback(w.t("announce.cancel"), encode({ op: "cancel", draftId }));

/** Lines before the message proper (a replaced or resumed draft), then the message. */
export function withNotes(notes: readonly string[], text: string): string {
  return [...notes, text].join("\n\n");
}

export function askTextText(w: Wording): string {
  return w.t("announce.askText", { max: MAX_TEXT });
}

export function askTextKeyboard(w: Wording, draftId: number): Keyboard {
  return Markup.inlineKeyboard([[cancelButton(w, draftId)]]);
}

export function askAudienceText(w: Wording, access: Access): string {
  const { unit } = audienceChoices(access);
  return unit === null ? w.t("announce.askAudience") : w.t("announce.askAudienceDean", { unit });
}

export function choiceLabel(w: Wording, choice: AudienceChoice, unit: string | null): string {
  return w.t(`announce.audience.${choice}`, { unit: unit ?? "" });
}

/** The ready-made audiences, two a row for the institution's, one a row for a unit's (longer labels); Cancel last. */
export function audienceKeyboard(w: Wording, access: Access, draftId: number): Keyboard {
  const { choices, unit } = audienceChoices(access);
  const buttons = choices.map((choice) =>
    Markup.button.callback(choiceLabel(w, choice, unit), encode({ op: "audience", draftId, choice })),
  );
  const perRow = unit === null ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  rows.push([cancelButton(w, draftId)]);
  return Markup.inlineKeyboard(rows);
}

/** Under the text as recipients will see it: who receives it and how many they are. */
export function previewText(w: Wording, preview: DraftPreview): string {
  return w.t("announce.preview", {
    audience: audienceSentence(w.t, w.lng, preview.draft.audience, preview.recipients),
  });
}

export function previewKeyboard(w: Wording, draftId: number): Keyboard {
  return Markup.inlineKeyboard([
    [Markup.button.callback(w.t("announce.send"), encode({ op: "send", draftId }))],
    [Markup.button.callback(w.t("announce.change"), encode({ op: "change", draftId })), cancelButton(w, draftId)],
  ]);
}
