// A stored campaign message as one recipient gets it: the text in their language (locale-key
// parameters translated too), and the inline buttons with their labels in that language.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { CampaignMessage, MessageButton, MessageParam } from "../app/delivery/message.ts";

export interface Rendered {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

function param(value: MessageParam, t: TFunction): string | number {
  if (typeof value !== "object") return value;
  if ("t" in value) return value.t.map((key) => t(key)).join(", ");
  // a fixed t knows its language (i18next getFixedT)
  const lng = (t as { lng?: unknown }).lng;
  return lng === "ru" || lng === "en" ? value.byLanguage[lng] : value.byLanguage.ky;
}

function label(b: MessageButton, t: TFunction): string {
  return "text" in b.label ? b.label.text : t(b.label.key);
}

export function renderMessage(message: CampaignMessage, t: TFunction): Rendered {
  const text =
    "text" in message
      ? message.text
      : t(message.key, Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, param(v, t)])));
  if (!message.buttons) return { text };
  const inline_keyboard = message.buttons.map((row) => row.map((b) => ({ text: label(b, t), callback_data: b.data })));
  return { text, reply_markup: { inline_keyboard } };
}
