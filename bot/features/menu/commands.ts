// The command list Telegram shows: per language by default, per role in each bound chat.
import type { Telegram } from "telegraf";
import type { BotCommand } from "telegraf/types";
import { type Role, roleCan, roleCanAnnounce, roleCanViewRequests } from "../../../core/index.ts";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language, translator } from "../../present/i18n.ts";
import { ownItems } from "./own-menu.ts";

const FIGURES = ["debtors", "stats", "practice", "export"] as const;

async function commandsFor(lng: Language, role: Role | null): Promise<BotCommand[]> {
  const t = await translator(lng);
  const own = role ? ownItems(role) : null;
  if (own)
    return ["start", ...own.map((i) => i.command)].map((command) => ({ command, description: t(`bot.commands.${command}`) }));
  // /settings (which notices reach them) for every bound role; strangers have nothing to set
  const names = [
    "start",
    ...(role && roleCan(role, "viewFigures") ? FIGURES : []),
    // figures typed in (heads, deans, admins), and every version of a unit's figures
    ...(role && roleCan(role, "enterFigures") ? ["submit"] : []),
    ...(role && roleCan(role, "viewFigures") ? ["history", "accreditation"] : []),
    // /announce for those who may send announcements: admin, leader, dean
    ...(role && roleCanAnnounce(role) ? ["announce"] : []),
    // /requests: the boards of data requests (admins and deans make them, leaders watch)
    ...(role && roleCanViewRequests(role) ? ["requests"] : []),
    // action plans and surveys: the quality department, leaders and deans
    ...(role && roleCanAnnounce(role) ? ["plans", "survey", "surveys"] : []),
    ...(role ? ["settings"] : []),
    "lang",
    "help",
  ];
  return names.map((command) => ({ command, description: t(`bot.commands.${command}`) }));
}

/** What strangers see: start, language, help — in each language (Kyrgyz when Telegram's is another). */
export async function registerDefaultCommands(telegram: Telegram): Promise<void> {
  for (const lng of LANGUAGES) {
    const commands = await commandsFor(lng, null);
    await telegram.setMyCommands(commands, lng === DEFAULT_LANGUAGE ? {} : { language_code: lng });
  }
}

/** A bound user's chat gets the commands of their role in their language. */
export async function registerChatCommands(telegram: Telegram, chatId: number, role: Role, lng: Language): Promise<void> {
  await telegram.setMyCommands(await commandsFor(lng, role), { scope: { type: "chat", chat_id: chatId } });
}
