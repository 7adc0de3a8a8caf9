// Reply keyboards (the main menu per role) and the labels the bot recognises in any language.

import i18next from "i18next";
import { Markup } from "telegraf";
import type { ReplyKeyboardMarkup } from "telegraf/types";
import { type Access, can } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { LANGUAGES } from "../../present/i18n.ts";

export const MENU_ACTIONS = ["debtors", "stats", "practice", "submit", "language", "help", "surveys"] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export function mainMenu(ctx: SapatContext, access: Access | null): Markup.Markup<ReplyKeyboardMarkup> {
  const label = (a: MenuAction) => ctx.t(`bot.menu.${a}`);
  const rows =
    access && can(access, "enterFigures")
      ? [
          [label("debtors"), label("stats")],
          [label("practice"), label("submit")],
          [label("language"), label("help")],
        ]
      : access && can(access, "viewFigures")
        ? [[label("debtors"), label("stats")], [label("practice"), label("language")], [label("help")]]
        : access?.role === "student"
          ? [[label("surveys")], [label("language"), label("help")]]
          : [[label("language"), label("help")]];
  return Markup.keyboard(rows).resize();
}

/** A menu button's label in every language, so a button pressed before a language switch still works. */
export function menuLabels(action: MenuAction): string[] {
  return LANGUAGES.map((l) => i18next.getFixedT(l)(`bot.menu.${action}`));
}

export function languageKeyboard() {
  return Markup.inlineKeyboard([
    Markup.button.callback("Кыргызча", "lang:ky"),
    Markup.button.callback("Русский", "lang:ru"),
    Markup.button.callback("English", "lang:en"),
  ]);
}
