// A stored campaign message as one recipient gets it: the text in their language (locale-key
// parameters translated too), and the inline buttons with their labels in that language.
import type { TFunction } from "i18next";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import type { CampaignMessage, MessageButton, MessageParam, PersonalParams } from "../app/delivery/message.ts";

export interface Rendered {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

function param(value: MessageParam, t: TFunction, language: string): string | number {
  if (typeof value !== "object") return value;
  if ("t" in value) return value.t.map((key) => t(key)).join(", ");
  return (language === "ru" || language === "en" ? value[language] : undefined) ?? value.ky;
}

function label(b: MessageButton, t: TFunction): string {
  return "text" in b.label ? b.label.text : t(b.label.key);
}

/** The button as Telegram takes it; a personal link button without its parameter is left out. */
function inline(b: MessageButton, t: TFunction, own: PersonalParams): InlineKeyboardButton | null {
  const text = label(b, t);
  if ("data" in b) return { text, callback_data: b.data };
  const url = "url" in b ? b.url : own[b.urlParam];
  return url ? { text, url } : null;
}

/** `own`: the recipient's parameters (a personal link), over the message's; `language`: the recipient's. */
export function renderMessage(message: CampaignMessage, t: TFunction, own: PersonalParams = {}, lng?: string): Rendered {
  // a fixed t knows its language (i18next getFixedT); the sender also says it outright
  const language = lng ?? (t as { lng?: string }).lng ?? "ky";
  const params =
    "text" in message ? {} : Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, param(v, t, language)]));
  const text = "text" in message ? message.text : t(message.key, { ...params, ...own });
  if (!message.buttons) return { text };
  const inline_keyboard = message.buttons
    .map((row) => row.map((b) => inline(b, t, own)).filter((b): b is InlineKeyboardButton => b !== null))
    .filter((row) => row.length > 0);
  return inline_keyboard.length ? { text, reply_markup: { inline_keyboard } } : { text };
}
