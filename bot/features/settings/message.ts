// The /settings message: a line per notice category and a toggle button for each.
import { Markup } from "telegraf";
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { NoticeSetting } from "../../app/settings/notice-settings.ts";
import type { SapatContext } from "../../context.ts";
import { encode } from "./callback-data.ts";

type Wording = Pick<SapatContext, "t">;

/** ✅ on, 🔕 switched off, 🔒 always on. */
function mark(s: NoticeSetting): string {
  if (s.mandatory) return "🔒";
  return s.on ? "✅" : "🔕";
}

export function categoryName(category: string, w: Wording): string {
  return w.t(`settings.category.${category}.name`);
}

export function settingsText(settings: NoticeSetting[], w: Wording): string {
  const lines = settings.map(
    (s) => `${mark(s)} ${categoryName(s.category, w)} — ${w.t(`settings.category.${s.category}.about`)}`,
  );
  return [w.t("settings.title"), "", ...lines, "", w.t("settings.legend")].join("\n");
}

/**
 * One button per category, carrying the state a press asks for: the opposite of the current
 * one; a mandatory category's asks for "off", which the use case refuses with a note.
 */
export function settingsKeyboard(settings: NoticeSetting[], w: Wording): Markup.Markup<InlineKeyboardMarkup> {
  return Markup.inlineKeyboard(
    settings.map((s) => [Markup.button.callback(`${mark(s)} ${categoryName(s.category, w)}`, encode(s.category, !s.on))]),
  );
}
