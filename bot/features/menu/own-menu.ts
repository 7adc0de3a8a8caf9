// What students and teachers see: only what is theirs. The menu, the command list and the
// gate (bot/features/own-only) are all built from this one list per role, so a feature for
// them is one more entry.
import { type Role, seesOnlyOwn } from "../../../core/index.ts";

export interface OwnItem {
  /** the slash command, in the chat's command list */
  command: string;
  /** the reply-keyboard button it also has (bot.menu.<label>), if any */
  menu?: "surveys" | "language" | "help";
}

const OWN_ITEMS: Readonly<Record<"student" | "teacher", readonly OwnItem[]>> = {
  student: [
    { command: "mysurveys", menu: "surveys" },
    { command: "settings" },
    { command: "lang", menu: "language" },
    { command: "help", menu: "help" },
  ],
  teacher: [
    { command: "mysurveys", menu: "surveys" },
    { command: "settings" },
    { command: "lang", menu: "language" },
    { command: "help", menu: "help" },
  ],
};

/** The items of a role that sees only its own things; null for staff who see figures. */
export function ownItems(role: Role): readonly OwnItem[] | null {
  return seesOnlyOwn(role) ? OWN_ITEMS[role as "student" | "teacher"] : null;
}
