// Reply markup as Telegram validates and stores it, and the "not modified" check of edits.
import type {
  BotCommandScope,
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "telegraf/types";
import { asParams, isRecord } from "./params.ts";
import { BotApiError, type Params, type ReplyMarkup } from "./types.ts";

const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

export function replyMarkupOf(p: Params): ReplyMarkup | undefined {
  const raw = p.reply_markup;
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (!isRecord(raw)) throw new BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  if (Array.isArray(raw.inline_keyboard)) {
    for (const row of raw.inline_keyboard as unknown[]) {
      if (!Array.isArray(row)) throw new BotApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays');
      for (const button of row as unknown[]) validateInlineButton(asParams(button));
    }
    return raw as unknown as InlineKeyboardMarkup;
  }
  if (Array.isArray(raw.keyboard)) return raw as unknown as ReplyKeyboardMarkup;
  if (raw.remove_keyboard === true) return raw as unknown as ReplyKeyboardRemove;
  if (raw.force_reply === true) return raw as unknown as ForceReply;
  throw new BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
}

export function inlineMarkupOf(p: Params): InlineKeyboardMarkup | undefined {
  const markup = replyMarkupOf(p);
  if (markup && !("inline_keyboard" in markup)) throw new BotApiError(400, "Bad Request: inline keyboard expected");
  return markup;
}

export function inlineOnly(markup: ReplyMarkup | undefined): { reply_markup?: InlineKeyboardMarkup } {
  return markup && "inline_keyboard" in markup ? { reply_markup: markup } : {};
}

function validateInlineButton(button: Params): void {
  if (typeof button.text !== "string" || button.text === "")
    throw new BotApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
  if (typeof button.callback_data === "string") {
    const bytes = Buffer.byteLength(button.callback_data);
    if (bytes < 1 || bytes > 64) throw new BotApiError(400, "Bad Request: BUTTON_DATA_INVALID");
  }
}

export function callbackButtons(markup: InlineKeyboardMarkup | undefined): InlineKeyboardButton.CallbackButton[] {
  return (markup?.inline_keyboard ?? []).flat().filter((b): b is InlineKeyboardButton.CallbackButton => "callback_data" in b);
}

/** Compares JSON-ish values regardless of key order. */
export function assertModified(before: unknown[], after: unknown[]): void {
  if (canonicalJson(before) === canonicalJson(after)) throw new BotApiError(400, NOT_MODIFIED);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function commandKey(scope: BotCommandScope, languageCode: string): string {
  const s = scope as { type: string; chat_id?: number | string; user_id?: number };
  return `${s.type}|${s.chat_id ?? ""}|${s.user_id ?? ""}|${languageCode}`;
}

export function scopeOf(p: Params): BotCommandScope {
  const scope = asParams(p.scope);
  return typeof scope.type === "string" ? (scope as unknown as BotCommandScope) : { type: "default" };
}
